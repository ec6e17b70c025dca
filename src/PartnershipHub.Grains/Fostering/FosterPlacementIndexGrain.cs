using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Fostering;

namespace PartnershipHub.Grains.Fostering;

/// <summary>The persisted state of a child's placement index entry.</summary>
public sealed class FosterPlacementIndexState : IClaimState
{
    /// <summary>The household the child lives with now; null when none.</summary>
    public string? Holder { get; set; }

    /// <summary>When the household claimed the child.</summary>
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>Which foster household a child lives with now: one claim per child, so no child is placed twice.</summary>
public sealed class FosterPlacementIndexGrain(
    [PersistentState("foster-placement", StorageNames.Hub)] IPersistentState<FosterPlacementIndexState> state,
    TimeProvider clock) : ClaimGrain<FosterPlacementIndexState>(state, clock), IFosterPlacementIndexGrain
{
    /// <inheritdoc />
    protected override Task<bool> HolderHasIt(string holder) =>
        GrainFactory.GetGrain<IFosterHouseholdGrain>(holder).Houses(this.GetPrimaryKeyString());
}
