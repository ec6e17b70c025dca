using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Api.Mash;
using PartnershipHub.Domain.PrivateFostering;
using V1 = PartnershipHub.Contracts.PrivateFostering.V1;

namespace PartnershipHub.Api.PrivateFostering;

/// <summary>Translates private fostering arrangements to the API's messages, and its sources to the domain's.</summary>
public static class PrivateFosteringMessages
{
    /// <summary>An arrangement in a borough's register, with its visits as of <paramref name="today"/>.</summary>
    public static V1.Arrangement ToMessage(PrivateFosteringArrangement arrangement, DateOnly today) => new()
    {
        ArrangementId = arrangement.ArrangementId,
        Borough = arrangement.Borough,
        ChildId = arrangement.Notice.ChildId,
        NotificationDate = IsoDates.Write(arrangement.Notice.NotificationDate),
        ArrangementStartDate = IsoDates.Write(arrangement.Notice.StartDate),
        EndDate = IsoDates.Write(arrangement.EndDate),
        Source = (V1.NotificationSource)arrangement.Notice.Source,
        PostcodeDistrict = arrangement.Notice.PostcodeDistrict,
        VisitDueDate = IsoDates.Write(arrangement.VisitDue),
        Status = (V1.ArrangementStatus)arrangement.Status,
        NotifiedLate = arrangement.NotifiedLate,
        TransferredFrom = arrangement.TransferredFrom ?? string.Empty,
        MovedTo = arrangement.Move?.ReceivingBorough ?? string.Empty,
        ReceivingArrangementId = arrangement.ReceivingArrangementId ?? string.Empty,
        Notified = CommonMessages.ToMessage(arrangement.Notified),
        Closed = arrangement.Closed is { } closed ? CommonMessages.ToMessage(closed) : null,
        Visits =
        {
            arrangement.VisitsMade.Select(v => new V1.Visit
            {
                VisitDate = IsoDates.Write(v.Date), ChildSeen = v.ChildSeen, ChildSeenAlone = v.ChildSeenAlone, Recorded = CommonMessages.ToMessage(v.Recorded),
            }),
        },
        NextVisitDueDate = arrangement.Status == Domain.PrivateFostering.ArrangementStatus.Active ? IsoDates.Write(arrangement.NextVisitDue) : string.Empty,
        InitialVisitLate = PrivateFosteringRules.IsInitialVisitLate(arrangement.Notice.NotificationDate, arrangement.VisitsMade.Select(v => v.Date), today),
    };

    /// <summary>The domain's source for one a caller may give; null when unspecified, unknown or the hub's own transfer.</summary>
    public static NotificationSource? ToDomain(V1.NotificationSource source) => source switch
    {
        V1.NotificationSource.Unspecified or V1.NotificationSource.TransferFromAnotherBorough => null,
        _ when Enum.IsDefined(source) => (NotificationSource)source,
        _ => null,
    };
}
