using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Adoption;

namespace PartnershipHub.Abstractions.Adoption;

/// <summary>What an adopter household is approved for.</summary>
/// <param name="Children">How many children (a sibling group), 1 or more.</param>
/// <param name="MinAgeYears">The youngest age, in whole years, they would adopt.</param>
/// <param name="MaxAgeYears">The oldest age, in whole years, they would adopt.</param>
[GenerateSerializer, Alias("AdopterCapacity")]
public sealed record AdopterCapacity(
    [property: Id(0)] int Children,
    [property: Id(1)] int MinAgeYears,
    [property: Id(2)] int MaxAgeYears);

/// <summary>A new adopter household as the approving borough registers it, already validated. No names: a reference only.</summary>
/// <param name="ApprovingBorough">The adoption agency: the borough's ONS code.</param>
/// <param name="Reference">The agency's own non-identifying reference for the household.</param>
/// <param name="EnquiryDate">The day of the household's enquiry or registration of interest.</param>
/// <param name="Capacity">What they are approved, or hope to be approved, for.</param>
[GenerateSerializer, Alias("AdopterRegistration")]
public sealed record AdopterRegistration(
    [property: Id(0)] string ApprovingBorough,
    [property: Id(1)] string Reference,
    [property: Id(2)] DateOnly EnquiryDate,
    [property: Id(3)] AdopterCapacity Capacity);

/// <summary>One of the household's own milestones (enquiry, approval) with its date.</summary>
/// <param name="Milestone">Which.</param>
/// <param name="Date">The day it happened.</param>
/// <param name="By">Who recorded it and when.</param>
[GenerateSerializer, Alias("AdopterMilestoneEntry")]
public sealed record AdopterMilestoneEntry(
    [property: Id(0)] AdopterMilestone Milestone,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] RecordedBy By);

/// <summary>A child matched with the household, and how far the adoption has gone.</summary>
/// <param name="ChildId">The hub's id for the child.</param>
/// <param name="ChildBorough">The child's responsible borough when matched.</param>
/// <param name="MatchedDate">The day of the match.</param>
/// <param name="PlacedDate">The day the child was placed for adoption with the household, once placed.</param>
/// <param name="AdoptionOrderDate">The day the adoption order was granted, once granted.</param>
/// <param name="By">Who recorded the match and when.</param>
[GenerateSerializer, Alias("AdoptionMatch")]
public sealed record AdoptionMatch(
    [property: Id(0)] string ChildId,
    [property: Id(1)] string ChildBorough,
    [property: Id(2)] DateOnly MatchedDate,
    [property: Id(3)] DateOnly? PlacedDate,
    [property: Id(4)] DateOnly? AdoptionOrderDate,
    [property: Id(5)] RecordedBy By);

/// <summary>One change to an adopter's record, for its history.</summary>
/// <param name="What">What changed, without personal data, e.g. <c>Approved 2026-03-01</c>.</param>
/// <param name="By">Who changed it and when.</param>
[GenerateSerializer, Alias("AdopterChange")]
public sealed record AdopterChange(
    [property: Id(0)] string What,
    [property: Id(1)] RecordedBy By);

/// <summary>An adopter household: its approving borough, milestones, capacity, matches and the history of changes.</summary>
/// <param name="AdopterId">The hub's id for the household.</param>
/// <param name="ApprovingBorough">The adoption agency's ONS code.</param>
/// <param name="Reference">The agency's non-identifying reference.</param>
/// <param name="Capacity">What the household is approved for.</param>
/// <param name="Milestones">The household's own milestones (enquiry, approval), oldest first.</param>
/// <param name="Matches">The children matched with it, oldest first.</param>
/// <param name="History">Every change, oldest first.</param>
[GenerateSerializer, Alias("Adopter")]
public sealed record Adopter(
    [property: Id(0)] string AdopterId,
    [property: Id(1)] string ApprovingBorough,
    [property: Id(2)] string Reference,
    [property: Id(3)] AdopterCapacity Capacity,
    [property: Id(4)] IReadOnlyList<AdopterMilestoneEntry> Milestones,
    [property: Id(5)] IReadOnlyList<AdoptionMatch> Matches,
    [property: Id(6)] IReadOnlyList<AdopterChange> History)
{
    /// <summary>
    /// The day of a milestone: the household's own for enquiry and approval; for matched, placed and adoption order
    /// the first of its matches to reach it. Null when not reached.
    /// </summary>
    public DateOnly? DateOf(AdopterMilestone milestone) => milestone switch
    {
        AdopterMilestone.Matched => Matches.Select(m => (DateOnly?)m.MatchedDate).Min(),
        AdopterMilestone.Placed => Matches.Select(m => m.PlacedDate).Min(),
        AdopterMilestone.AdoptionOrder => Matches.Select(m => m.AdoptionOrderDate).Min(),
        _ => Milestones.FirstOrDefault(m => m.Milestone == milestone)?.Date,
    };

    /// <summary>
    /// The milestones already reached on the way to <paramref name="match"/> (or to a new match when null), for
    /// <see cref="AdoptionMilestones.Check"/>.
    /// </summary>
    public Dictionary<AdopterMilestone, DateOnly> Journey(AdoptionMatch? match)
    {
        var journey = Milestones.ToDictionary(m => m.Milestone, m => m.Date);
        if (match is not null)
        {
            journey[AdopterMilestone.Matched] = match.MatchedDate;
            if (match.PlacedDate is { } placed)
            {
                journey[AdopterMilestone.Placed] = placed;
            }

            if (match.AdoptionOrderDate is { } order)
            {
                journey[AdopterMilestone.AdoptionOrder] = order;
            }
        }

        return journey;
    }

    /// <summary>
    /// The household as <paramref name="caller"/> may see it: everything for its approving borough's social workers;
    /// for a partner borough's, the household without its history and with only their own borough's children's matches.
    /// </summary>
    public Adopter AsSeenBy(Caller caller) =>
        AccessPolicy.CanManageCarers(caller, ApprovingBorough).Allowed
            ? this
            : this with { Matches = [.. Matches.Where(m => m.ChildBorough == caller.Organisation)], History = [] };

    /// <summary>The household as its borough's roster lists it.</summary>
    public AdopterSummary Summary() =>
        new(AdopterId, ApprovingBorough, Reference, DateOf(AdopterMilestone.Approved), Matches.Count, Capacity);
}

/// <summary>An adopter household in its approving borough's roster: no child-level data.</summary>
/// <param name="AdopterId">The hub's id for the household.</param>
/// <param name="ApprovingBorough">The adoption agency's ONS code.</param>
/// <param name="Reference">The agency's non-identifying reference.</param>
/// <param name="Approved">The day of approval, once approved.</param>
/// <param name="Matches">How many children have been matched with it.</param>
/// <param name="Capacity">What it is approved for.</param>
[GenerateSerializer, Alias("AdopterSummary")]
public sealed record AdopterSummary(
    [property: Id(0)] string AdopterId,
    [property: Id(1)] string ApprovingBorough,
    [property: Id(2)] string Reference,
    [property: Id(3)] DateOnly? Approved,
    [property: Id(4)] int Matches,
    [property: Id(5)] AdopterCapacity Capacity)
{
    /// <summary>Approved and not yet matched.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWaiting => AdopterPreferences.IsWaiting(Approved, Matches);
}
