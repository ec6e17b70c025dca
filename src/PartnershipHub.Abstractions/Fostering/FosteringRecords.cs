using System.Text.Json.Serialization;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Fostering;

namespace PartnershipHub.Abstractions.Fostering;

/// <summary>How many children a household may take, of what ages and needs, already validated.</summary>
/// <param name="Places">How many children it is approved for.</param>
/// <param name="MinAge">The youngest age, in whole years.</param>
/// <param name="MaxAge">The oldest age, in whole years.</param>
/// <param name="TakesSiblingGroups">Whether it takes brothers and sisters together.</param>
/// <param name="Needs">The other needs it can meet.</param>
[GenerateSerializer, Alias("HouseholdCapacity")]
public sealed record HouseholdCapacity(
    [property: Id(0)] int Places,
    [property: Id(1)] int MinAge,
    [property: Id(2)] int MaxAge,
    [property: Id(3)] bool TakesSiblingGroups,
    [property: Id(4)] IReadOnlyList<CarerNeed> Needs);

/// <summary>What a borough records when it registers a foster household, already validated.</summary>
/// <param name="ApprovingBorough">ONS code of the borough assessing and approving it.</param>
/// <param name="Kind">Mainstream or connected persons.</param>
/// <param name="NamedChildId">For connected persons: the one child they are approved for; otherwise null.</param>
/// <param name="Reference">The borough's non-identifying reference for the household (no carers' names).</param>
/// <param name="PostcodeDistrict">The household's postcode district, normalised.</param>
/// <param name="Capacity">Its capacity.</param>
[GenerateSerializer, Alias("HouseholdRegistration")]
public sealed record HouseholdRegistration(
    [property: Id(0)] string ApprovingBorough,
    [property: Id(1)] HouseholdKind Kind,
    [property: Id(2)] string? NamedChildId,
    [property: Id(3)] string Reference,
    [property: Id(4)] string PostcodeDistrict,
    [property: Id(5)] HouseholdCapacity Capacity);

/// <summary>A child living, or who lived, with a household.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="ChildBorough">The borough responsible for the child when placed.</param>
/// <param name="From">The first day of the placement.</param>
/// <param name="To">The last day; null while the child lives there.</param>
[GenerateSerializer, Alias("FosterPlacement")]
public sealed record FosterPlacement(
    [property: Id(0)] string ChildId,
    [property: Id(1)] string ChildBorough,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly? To);

/// <summary>One change to a household's approval, reviews, capacity or placements: what, and who made it when.</summary>
/// <param name="Change">What changed, e.g. <c>approval: Approved from 2026-01-05</c>.</param>
/// <param name="By">Who made the change and when.</param>
[GenerateSerializer, Alias("HouseholdChange")]
public sealed record HouseholdChange([property: Id(0)] string Change, [property: Id(1)] RecordedBy By);

/// <summary>A foster household as the hub holds it.</summary>
/// <param name="HouseholdId">The hub's id for the household.</param>
/// <param name="Details">What was registered; the capacity in it is the current one.</param>
/// <param name="Status">Its approval status.</param>
/// <param name="ApprovedOn">The day it was first approved; null before.</param>
/// <param name="LastReviewOn">The day of its last annual review; null before the first.</param>
/// <param name="Placements">Every placement, current and ended, oldest first.</param>
/// <param name="History">Every change, oldest first.</param>
[GenerateSerializer, Alias("FosterHousehold")]
public sealed record FosterHousehold(
    [property: Id(0)] string HouseholdId,
    [property: Id(1)] HouseholdRegistration Details,
    [property: Id(2)] ApprovalStatus Status,
    [property: Id(3)] DateOnly? ApprovedOn,
    [property: Id(4)] DateOnly? LastReviewOn,
    [property: Id(5)] IReadOnlyList<FosterPlacement> Placements,
    [property: Id(6)] IReadOnlyList<HouseholdChange> History)
{
    /// <summary>The children living there now.</summary>
    [JsonIgnore]
    public IEnumerable<FosterPlacement> Current => Placements.Where(p => p.To is null);

    /// <summary>When the next annual review is due; null before approval.</summary>
    [JsonIgnore]
    public DateOnly? ReviewDue => HouseholdApproval.ReviewDue(ApprovedOn, LastReviewOn);

    /// <summary>What the borough's register and the vacancy search see of it: no children, no history.</summary>
    public HouseholdSummary Summary() => new(
        HouseholdId, Details.ApprovingBorough, Details.Kind, Status, Details.Reference, Details.PostcodeDistrict,
        Details.Capacity, Current.Count(), ReviewDue);
}

/// <summary>A household's entry in its borough's register: what a search needs and nothing about any child.</summary>
/// <param name="HouseholdId">The household.</param>
/// <param name="ApprovingBorough">The borough that approved it.</param>
/// <param name="Kind">Mainstream or connected persons.</param>
/// <param name="Status">Its approval status.</param>
/// <param name="Reference">The borough's non-identifying reference.</param>
/// <param name="PostcodeDistrict">Its postcode district.</param>
/// <param name="Capacity">Its capacity.</param>
/// <param name="Placed">How many children live there now.</param>
/// <param name="ReviewDue">When its next annual review is due.</param>
[GenerateSerializer, Alias("HouseholdSummary")]
public sealed record HouseholdSummary(
    [property: Id(0)] string HouseholdId,
    [property: Id(1)] string ApprovingBorough,
    [property: Id(2)] HouseholdKind Kind,
    [property: Id(3)] ApprovalStatus Status,
    [property: Id(4)] string Reference,
    [property: Id(5)] string PostcodeDistrict,
    [property: Id(6)] HouseholdCapacity Capacity,
    [property: Id(7)] int Placed,
    [property: Id(8)] DateOnly? ReviewDue)
{
    /// <summary>The household as the domain's matching rules see it.</summary>
    public HouseholdOffer ToOffer() => new(
        HouseholdId, ApprovingBorough, Kind, Status, Capacity.Places, Placed, Capacity.MinAge, Capacity.MaxAge,
        Capacity.TakesSiblingGroups, Capacity.Needs, PostcodeDistrict);
}

/// <summary>What a placement team asks of the vacancy search, already validated.</summary>
/// <param name="ChildId">The child to be placed.</param>
/// <param name="SiblingIds">Brothers and sisters to be placed with them.</param>
/// <param name="Needs">The needs the household must meet.</param>
/// <param name="PreferredDistrict">The postcode district the children should live near, if any.</param>
[GenerateSerializer, Alias("VacancySearch")]
public sealed record VacancySearch(
    [property: Id(0)] string ChildId,
    [property: Id(1)] IReadOnlyList<string> SiblingIds,
    [property: Id(2)] IReadOnlyList<CarerNeed> Needs,
    [property: Id(3)] string? PreferredDistrict);

/// <summary>A household the search found and how near it is.</summary>
/// <param name="Household">The household's summary.</param>
/// <param name="Location">How near it is to the preferred district.</param>
[GenerateSerializer, Alias("VacancyResult")]
public sealed record VacancyResult([property: Id(0)] HouseholdSummary Household, [property: Id(1)] LocationMatch Location);

/// <summary>What a vacancy search found, and where it looked.</summary>
/// <param name="Matches">The households that fit, best first.</param>
/// <param name="BoroughsSearched">The approving boroughs whose households were considered.</param>
/// <param name="Access">Per child searched for: the access policy's reason for letting the caller work on them.</param>
[GenerateSerializer, Alias("VacancySearchResult")]
public sealed record VacancySearchResult(
    [property: Id(0)] IReadOnlyList<VacancyResult> Matches,
    [property: Id(1)] IReadOnlyList<string> BoroughsSearched,
    [property: Id(2)] string Access);
