using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.PrivateFostering;

namespace PartnershipHub.Abstractions.PrivateFostering;

/// <summary>A notification of a private fostering arrangement as the borough receives it, already validated.</summary>
/// <param name="ChildId">The hub's id for the (registered) child.</param>
/// <param name="NotificationDate">The day the borough was notified.</param>
/// <param name="StartDate">The day the arrangement began, or will begin.</param>
/// <param name="Source">Who notified the borough.</param>
/// <param name="PostcodeDistrict">The carer's postcode district, e.g. <c>W2</c>.</param>
[GenerateSerializer, Alias("PrivateFosteringNotice")]
public sealed record PrivateFosteringNotice(
    [property: Id(0)] string ChildId,
    [property: Id(1)] DateOnly NotificationDate,
    [property: Id(2)] DateOnly StartDate,
    [property: Id(3)] NotificationSource Source,
    [property: Id(4)] string PostcodeDistrict);

/// <summary>A child's move to another borough while privately fostered.</summary>
/// <param name="MoveDate">The day the child moved.</param>
/// <param name="ReceivingBorough">The borough the child moved to (ONS code).</param>
/// <param name="PostcodeDistrict">The carer's postcode district there.</param>
[GenerateSerializer, Alias("PrivateFosteringMove")]
public sealed record PrivateFosteringMove(
    [property: Id(0)] DateOnly MoveDate,
    [property: Id(1)] string ReceivingBorough,
    [property: Id(2)] string PostcodeDistrict);

/// <summary>One private fostering arrangement in one borough's register.</summary>
/// <param name="ArrangementId">The hub's id for the arrangement in this register.</param>
/// <param name="Borough">The borough notified.</param>
/// <param name="Notice">What was notified.</param>
/// <param name="VisitDue">The day the borough's initial visit is due: 7 working days after the notification.</param>
/// <param name="Status">Active, ended or moved.</param>
/// <param name="EndDate">The day it ended or the child moved away, once closed.</param>
/// <param name="TransferredFrom">For a notification by transfer: the borough the child moved from.</param>
/// <param name="SourceArrangementId">For a notification by transfer: the arrangement in that borough's register.</param>
/// <param name="Move">For a moved arrangement: where the child went.</param>
/// <param name="ReceivingArrangementId">For a moved arrangement: the arrangement in the receiving borough's register.</param>
/// <param name="Notified">Who recorded the notification and when.</param>
/// <param name="Closed">Who ended it or recorded the move, and when.</param>
/// <param name="Visits">The visits recorded, earliest first (null in arrangements stored before visits were kept).</param>
[GenerateSerializer, Alias("PrivateFosteringArrangement")]
public sealed record PrivateFosteringArrangement(
    [property: Id(0)] string ArrangementId,
    [property: Id(1)] string Borough,
    [property: Id(2)] PrivateFosteringNotice Notice,
    [property: Id(3)] DateOnly VisitDue,
    [property: Id(4)] ArrangementStatus Status,
    [property: Id(5)] DateOnly? EndDate,
    [property: Id(6)] string? TransferredFrom,
    [property: Id(7)] string? SourceArrangementId,
    [property: Id(8)] PrivateFosteringMove? Move,
    [property: Id(9)] string? ReceivingArrangementId,
    [property: Id(10)] RecordedBy Notified,
    [property: Id(11)] RecordedBy? Closed,
    [property: Id(12)] IReadOnlyList<PrivateFosteringVisit>? Visits = null)
{
    /// <summary>The visits recorded, earliest first.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<PrivateFosteringVisit> VisitsMade => Visits ?? [];

    /// <summary>The day the next visit is due (see <see cref="PrivateFosteringRules.NextVisitDue"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateOnly NextVisitDue => PrivateFosteringRules.NextVisitDue(Notice.NotificationDate, Notice.StartDate, VisitsMade.Select(v => v.Date));

    /// <summary>Notified more than 48 hours after the arrangement began.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NotifiedLate => PrivateFosteringRules.IsLate(Notice.NotificationDate, Notice.StartDate);
}

/// <summary>A social worker's visit to a privately fostered child.</summary>
/// <param name="Date">The day of the visit.</param>
/// <param name="ChildSeen">Whether the child was seen.</param>
/// <param name="ChildSeenAlone">Whether the child was seen alone.</param>
/// <param name="Recorded">Who recorded it, and when.</param>
[GenerateSerializer, Alias("PrivateFosteringVisit")]
public sealed record PrivateFosteringVisit(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] bool ChildSeen,
    [property: Id(2)] bool ChildSeenAlone,
    [property: Id(3)] RecordedBy Recorded);
