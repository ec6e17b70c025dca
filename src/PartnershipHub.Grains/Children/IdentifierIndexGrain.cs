using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;

namespace PartnershipHub.Grains.Children;

/// <summary>The persisted state of an identifier index entry.</summary>
public sealed class IdentifierIndexState : IClaimState
{
    /// <summary>The hub child id holding the identifier.</summary>
    public string? ChildId { get; set; }

    /// <summary>When the claim was made.</summary>
    public DateTimeOffset ClaimedAt { get; set; }

    /// <inheritdoc />
    /// <remarks>Stored as <see cref="ChildId"/>, the name rows have always had.</remarks>
    string? IClaimState.Holder { get => ChildId; set => ChildId = value; }
}

/// <summary>Which child holds one identifier. The key is a keyed hash; the identifier itself is never stored here.</summary>
public sealed class IdentifierIndexGrain(
    [PersistentState("identifier", StorageNames.Hub)] IPersistentState<IdentifierIndexState> state,
    TimeProvider clock) : Grain, IIdentifierIndexGrain
{
    /// <inheritdoc />
    public Task<string> Claim(string childId) =>
        ExclusiveClaims.Claim(state, childId, clock, holder => GrainFactory.GetGrain<IChildGrain>(holder).IsRegistered());

    /// <inheritdoc />
    public Task Release(string childId) => ExclusiveClaims.Release(state, childId);

    /// <inheritdoc />
    public Task<string?> Holder() => Task.FromResult(state.State.ChildId);
}
