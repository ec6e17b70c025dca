using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Fostering;

namespace PartnershipHub.Abstractions.Fostering;

/// <summary>
/// The audit actions of a foster household's own trail (<c>foster-household/{id}</c>): the household records a change
/// it stored, with the change; the API records a call that stored nothing (refused, invalid, in conflict) and a read.
/// </summary>
public static class HouseholdAudit
{
    /// <summary>The purpose named in the household's trail: managing carers is not a child-level sharing purpose.</summary>
    public const string Purpose = "carer-management";

    /// <summary>A household registered.</summary>
    public const string Register = "fostering.household.register";

    /// <summary>An approval decision recorded.</summary>
    public const string Approval = "fostering.household.approval";

    /// <summary>An annual review recorded.</summary>
    public const string Review = "fostering.household.review";

    /// <summary>The household's capacity changed.</summary>
    public const string Capacity = "fostering.household.capacity";
}

/// <summary>
/// One foster household, keyed by the hub's household id. Managed by its approving borough's social workers;
/// children are placed with it by their own borough's social workers under the fostering agreements in force.
/// Every call re-checks the access policy; a refused or failed call changes nothing. Results reuse the hub's
/// <see cref="CallResult{T}"/> outcome shape (done, not found, denied, invalid, conflict).
/// </summary>
public interface IFosterHouseholdGrain : IOutboxGrain
{
    /// <summary>Registers the household, in assessment, with its approving borough's register.</summary>
    Task<CallResult<FosterHousehold>> Register(HouseholdRegistration registration, Caller caller);

    /// <summary>The household with its placements and history, for its approving borough.</summary>
    Task<CallResult<FosterHousehold>> Get(Caller caller);

    /// <summary>Moves the household to <paramref name="status"/> from <paramref name="on"/>.</summary>
    Task<CallResult<FosterHousehold>> RecordApproval(ApprovalStatus status, DateOnly on, Caller caller);

    /// <summary>Records the household's annual review held on <paramref name="on"/>.</summary>
    Task<CallResult<FosterHousehold>> RecordReview(DateOnly on, Caller caller);

    /// <summary>Replaces the household's capacity; places cannot fall below the children living there.</summary>
    Task<CallResult<FosterHousehold>> UpdateCapacity(HouseholdCapacity capacity, Caller caller);

    /// <summary>Places a child with the household from <paramref name="from"/>; returns the household after it.</summary>
    Task<CallResult<FosterHousehold>> PlaceChild(string childId, DateOnly from, Caller caller);

    /// <summary>Whether the child lives with the household now (asked by the placement index to heal a stale claim).</summary>
    /// <remarks>Interleaves: the index may ask while this household is itself claiming a child.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> Houses(string childId);

    /// <summary>Delivers the household's follow-ups, then names the children living with it now (for the consistency check).</summary>
    Task<IReadOnlyList<string>> Housed();

    /// <summary>Ends a child's current placement on <paramref name="to"/>, freeing the place; returns the household after it.</summary>
    Task<CallResult<FosterHousehold>> EndPlacement(string childId, DateOnly to, Caller caller);
}

/// <summary>
/// Which household a child lives with now, keyed by the child id: claimed before a placement is stored, so no child is
/// ever placed with two households at once, and released when the placement ends.
/// </summary>
public interface IFosterPlacementIndexGrain : IChildClaimGrain;

/// <summary>
/// The register of one approving borough's foster households (keyed by the borough's ONS code): search summaries
/// kept up to date by the household grains, so a vacancy search asks a handful of registers, not every household.
/// </summary>
public interface IFosterRegisterGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a household's summary.</summary>
    Task Track(HouseholdSummary household);

    /// <summary>Every household the borough has registered, by reference.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<HouseholdSummary>> Households();
}

/// <summary>The partnership-wide vacancy search (a stateless worker; key it with <see cref="Key"/>).</summary>
public interface IFosteringSearchGrain : IGrainWithStringKey
{
    /// <summary>The key to use.</summary>
    const string Key = "search";

    /// <summary>
    /// Finds approved mainstream households with room for the child (and siblings), in the boroughs whose
    /// households the caller may search today, nearest first.
    /// </summary>
    Task<CallResult<VacancySearchResult>> Search(VacancySearch search, Caller caller);
}
