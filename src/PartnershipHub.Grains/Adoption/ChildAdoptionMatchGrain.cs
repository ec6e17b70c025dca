using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Adoption;

namespace PartnershipHub.Grains.Adoption;

/// <summary>The persisted state of a child's adoption match claim.</summary>
public sealed class ChildAdoptionMatchState : IClaimState
{
    /// <summary>The household the child is matched with.</summary>
    public string? Holder { get; set; }

    /// <summary>When the claim was made.</summary>
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>Which household a child is matched with: one at a time, whichever borough's adopters they are.</summary>
public sealed class ChildAdoptionMatchGrain(
    [PersistentState("adoption-match", StorageNames.Hub)] IPersistentState<ChildAdoptionMatchState> state,
    TimeProvider clock) : ClaimGrain<ChildAdoptionMatchState>(state, clock), IChildAdoptionMatchGrain
{
    /// <inheritdoc />
    protected override Task<bool> HolderHasIt(string holder) =>
        GrainFactory.GetGrain<IAdopterGrain>(holder).HasMatch(this.GetPrimaryKeyString());
}
