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
    string? IClaimState.Holder
    {
        get => ChildId;
        set => ChildId = value;
    }
}

/// <summary>Which child holds one identifier. The key is a keyed hash; the identifier itself is never stored here.</summary>
public sealed class IdentifierIndexGrain(
    [PersistentState("identifier", StorageNames.Hub)] IPersistentState<IdentifierIndexState> state,
    TimeProvider clock) : ClaimGrain<IdentifierIndexState>(state, clock), IIdentifierIndexGrain
{
    /// <inheritdoc />
    protected override Task<bool> HolderHasIt(string holder) => GrainFactory.GetGrain<IChildGrain>(holder).IsRegistered();
}
