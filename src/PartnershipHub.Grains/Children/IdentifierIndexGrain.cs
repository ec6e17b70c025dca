using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;

namespace PartnershipHub.Grains.Children;

/// <summary>The persisted state of an identifier index entry.</summary>
public sealed class IdentifierIndexState
{
    /// <summary>The hub child id holding the identifier.</summary>
    public string? ChildId { get; set; }

    /// <summary>When the claim was made.</summary>
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>Which child holds one identifier. The key is a keyed hash; the identifier itself is never stored here.</summary>
public sealed class IdentifierIndexGrain(
    [PersistentState("identifier", StorageNames.Hub)] IPersistentState<IdentifierIndexState> state,
    TimeProvider clock) : Grain, IIdentifierIndexGrain
{
    /// <summary>
    /// A claim whose child never got stored (its registration failed half way) may be taken over after this long.
    /// Long enough that a registration still in flight is never overtaken.
    /// </summary>
    internal static readonly TimeSpan StaleClaimAge = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public async Task<string> Claim(string childId)
    {
        if (state.State.ChildId is { } holder && holder != childId && !await IsStale(holder))
        {
            return holder;
        }

        if (state.State.ChildId != childId)
        {
            state.State.ChildId = childId;
            state.State.ClaimedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }

        return childId;
    }

    /// <inheritdoc />
    public async Task Release(string childId)
    {
        if (state.State.ChildId == childId)
        {
            await state.ClearStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<string?> Holder() => Task.FromResult(state.State.ChildId);

    private async Task<bool> IsStale(string holder) =>
        clock.GetUtcNow() - state.State.ClaimedAt > StaleClaimAge
        && !await GrainFactory.GetGrain<IChildGrain>(holder).IsRegistered();
}
