using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Adoption;

namespace PartnershipHub.Abstractions.Adoption;

/// <summary>
/// The audit actions of an adopter household's own trail (<c>adopter/{id}</c>): the household records a change it
/// stored, with the change; the API records a call that stored nothing (refused, invalid, a wrong step) and a read.
/// </summary>
public static class AdopterAudit
{
    /// <summary>An adopter household registered (its enquiry).</summary>
    public const string Register = "adoption.adopter.register";

    /// <summary>One of the household's own milestones recorded (approval).</summary>
    public const string Milestone = "adoption.adopter.milestone";
}

/// <summary>
/// One adopter household, keyed by the hub's adopter id. Re-checks the access policy on every call against the
/// partnership agreements in force that day; a refused or failed call changes nothing. Results use the hub's grain
/// result (<see cref="CallResult{T}"/>: done, not found, denied, invalid field, wrong step).
/// </summary>
public interface IAdopterGrain : IOutboxGrain
{
    /// <summary>Registers the household with its approving borough, with its enquiry as the first milestone.</summary>
    Task<CallResult<Adopter>> Register(AdopterRegistration registration, Caller caller);

    /// <summary>The household's record, as far as the caller may see it.</summary>
    Task<CallResult<Adopter>> Get(Caller caller);

    /// <summary>Records one of the household's own milestones (approval); each once, in order, not in the future.</summary>
    Task<CallResult<Adopter>> RecordMilestone(AdopterMilestone milestone, DateOnly date, Caller caller);

    /// <summary>
    /// Matches a registered child with the approved household, when the child's borough shares adoption with the
    /// household's borough; the audit record (with <paramref name="caseReference"/>) goes to the child's trail with the match.
    /// </summary>
    Task<CallResult<Adopter>> MatchChild(string childId, DateOnly matchedDate, Caller caller, string? caseReference);

    /// <summary>Records that a matched child was placed with the household for adoption (audited in the child's trail, as a match is).</summary>
    Task<CallResult<Adopter>> RecordPlaced(string childId, DateOnly placedDate, Caller caller, string? caseReference);

    /// <summary>Records the adoption order for a child placed with the household (audited in the child's trail, as a match is).</summary>
    Task<CallResult<Adopter>> RecordAdoptionOrder(string childId, DateOnly orderDate, Caller caller, string? caseReference);

    /// <summary>Whether the household has a stored match with the child (used to heal a claim left by a failed match).</summary>
    /// <remarks>Interleaves: the child's match grain may ask while this household is itself claiming a child.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> HasMatch(string childId);

    /// <summary>
    /// The household's record as stored, or null when none is registered: for the consistency check, which compares its
    /// borough's roster and its children's match claims with it (the API never calls this: no access check).
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Adopter?> Record();
}

/// <summary>The adopter households approved by one borough (keyed by its ONS code): summaries only, for the waiting list.</summary>
public interface IAdopterRosterGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a household's summary.</summary>
    Task Track(AdopterSummary summary);

    /// <summary>Every household the borough has registered, in the order registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<AdopterSummary>> All();
}

/// <summary>
/// Which adopter household a child is matched with, keyed by the child's hub id, so that no child is matched with two
/// households at once.
/// </summary>
public interface IChildAdoptionMatchGrain : IChildClaimGrain;
