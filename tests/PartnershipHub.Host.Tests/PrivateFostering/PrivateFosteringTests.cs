using Grpc.Core;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.PrivateFostering.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.PrivateFostering;

/// <summary>Private fostering registers per borough, against the real hub on Azurite.</summary>
[Collection(HubCollection.Name)]
public sealed class PrivateFosteringTests(HubFixture fixture)
{
    private HubProcess Hub => fixture.Hub;

    private PrivateFosteringService.PrivateFosteringServiceClient Client() => new(Hub.Channel());

    [Fact]
    public async Task A_child_moving_from_Westminster_to_Kensington_and_Chelsea_is_notified_there_by_transfer_and_closed_as_moved()
    {
        var fostering = Client();
        var wcc = Hub.SocialWorker(ChildRequests.Westminster);
        var rbkc = Hub.SocialWorker(SharedServices.Kensington);
        var childId = await Hub.RegisterChild(ChildRequests.Westminster);
        var notified = (await fostering.NotifyArrangementAsync(Notice(ChildRequests.Westminster, childId), wcc)).Arrangement;
        Assert.Equal(ArrangementStatus.Active, notified.Status);
        Assert.False(notified.NotifiedLate);

        var moved = (await fostering.RecordMoveAsync(new RecordMoveRequest
        {
            Borough = ChildRequests.Westminster,
            ArrangementId = notified.ArrangementId,
            MoveDate = SharedServices.Day(-2),
            ReceivingBorough = SharedServices.Kensington,
            PostcodeDistrict = "w8",
        }, wcc)).Arrangement;
        Assert.Equal(ArrangementStatus.Moved, moved.Status);
        Assert.Equal((SharedServices.Kensington, SharedServices.Day(-2)), (moved.MovedTo, moved.EndDate));

        var received = (await fostering.ListNotificationsAsync(
            new ListNotificationsRequest { Borough = SharedServices.Kensington, PageSize = 500 }, rbkc)).Arrangements.Single(a => a.ChildId == childId);
        Assert.Equal(moved.ReceivingArrangementId, received.ArrangementId);
        Assert.Equal(NotificationSource.TransferFromAnotherBorough, received.Source);
        Assert.Equal(ChildRequests.Westminster, received.TransferredFrom);
        Assert.Equal((ArrangementStatus.Active, "W8", SharedServices.Day(-2)), (received.Status, received.PostcodeDistrict, received.ArrangementStartDate));
        Assert.NotEmpty(received.VisitDueDate);

        // Westminster's active list no longer shows the child; with closed arrangements it shows the move.
        var wccActive = (await fostering.ListNotificationsAsync(new ListNotificationsRequest { Borough = ChildRequests.Westminster, PageSize = 500 }, wcc)).Arrangements;
        Assert.DoesNotContain(wccActive, a => a.ChildId == childId);
        var wccAll = (await fostering.ListNotificationsAsync(
            new ListNotificationsRequest { Borough = ChildRequests.Westminster, IncludeClosed = true, PageSize = 500 }, wcc)).Arrangements;
        Assert.Equal(ArrangementStatus.Moved, wccAll.Single(a => a.ChildId == childId).Status);

        // A moved arrangement cannot be moved or ended again.
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => fostering.EndArrangementAsync(
            new EndArrangementRequest { Borough = ChildRequests.Westminster, ArrangementId = notified.ArrangementId, EndDate = SharedServices.Day(0) }, wcc).ResponseAsync);

        var trail = (await new AuditService.AuditServiceClient(Hub.Channel())
            .ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId }, Hub.As(ChildRequests.Westminster, "mash-practitioner"))).Records;
        // The move recorded by Westminster's register and the transfer received by Kensington and Chelsea's, each as its
        // outbox gets to it; the refused end by the API.
        var recorded = trail.Where(r => r.Action.StartsWith("private-fostering.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["private-fostering.notify", "private-fostering.end"], [recorded[0].Action, recorded[^1].Action]);
        Assert.Equal(["private-fostering.move", "private-fostering.receive"], recorded[1..^1].Select(r => r.Action).Order(StringComparer.Ordinal));
        Assert.Equal(["done", "done", "done", "refused"], recorded.Select(r => r.Outcome));
    }

    [Fact]
    public async Task Another_borough_cannot_list_or_change_a_boroughs_notifications()
    {
        var fostering = Client();
        var childId = await Hub.RegisterChild(ChildRequests.Westminster);
        var notified = (await fostering.NotifyArrangementAsync(Notice(ChildRequests.Westminster, childId), Hub.SocialWorker(ChildRequests.Westminster))).Arrangement;
        var rbkc = Hub.SocialWorker(SharedServices.Kensington);

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.ListNotificationsAsync(
            new ListNotificationsRequest { Borough = ChildRequests.Westminster }, rbkc).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.ListNotificationsAsync(
            new ListNotificationsRequest { Borough = ChildRequests.Westminster }, Hub.As(ChildRequests.Westminster, "mash-manager")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.EndArrangementAsync(
            new EndArrangementRequest { Borough = ChildRequests.Westminster, ArrangementId = notified.ArrangementId, EndDate = SharedServices.Day(0) }, rbkc).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.NotifyArrangementAsync(Notice(ChildRequests.Westminster, childId), rbkc).ResponseAsync);

        var still = (await fostering.ListNotificationsAsync(
            new ListNotificationsRequest { Borough = ChildRequests.Westminster, PageSize = 500 }, Hub.SocialWorker(ChildRequests.Westminster))).Arrangements;
        Assert.Equal(ArrangementStatus.Active, still.Single(a => a.ArrangementId == notified.ArrangementId).Status);
        var trail = (await new AuditService.AuditServiceClient(Hub.Channel())
            .ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId }, Hub.As(ChildRequests.Westminster, "mash-practitioner"))).Records;
        Assert.Contains(trail, r => r is { Action: "private-fostering.end", Outcome: "denied", Organisation: SharedServices.Kensington });
    }

    [Fact]
    public async Task A_notification_gets_its_visit_due_date_and_bad_input_is_refused_field_by_field_changing_nothing()
    {
        var fostering = Client();
        var wcc = Hub.SocialWorker(ChildRequests.Westminster);
        var childId = await Hub.RegisterChild(ChildRequests.Westminster);

        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => fostering.NotifyArrangementAsync(new NotifyArrangementRequest
        {
            Borough = ChildRequests.Westminster,
            ChildId = childId,
            NotificationDate = SharedServices.Day(3),
            ArrangementStartDate = "yesterday",
            Source = NotificationSource.TransferFromAnotherBorough,
            PostcodeDistrict = "W2 1AA",
        }, wcc).ResponseAsync);
        Assert.Equal(
            ["arrangement_start_date", "notification_date", "postcode_district", "source"],
            RpcAssert.Violations(error).Select(v => v.Field).Order(StringComparer.Ordinal));
        // An unknown child is refused as another borough's child is: no oracle of who exists where.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.NotifyArrangementAsync(
            Notice(ChildRequests.Westminster, Guid.NewGuid().ToString("N")), wcc).ResponseAsync);

        var notice = Notice(ChildRequests.Westminster, childId);
        notice.NotificationDate = "2026-11-23";
        notice.ArrangementStartDate = "2026-11-10";
        var notified = (await fostering.NotifyArrangementAsync(notice, wcc)).Arrangement;
        Assert.Equal("2026-12-02", notified.VisitDueDate); // 7 working days after Monday 23 November 2026
        Assert.True(notified.NotifiedLate);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => fostering.NotifyArrangementAsync(Notice(ChildRequests.Westminster, childId), wcc).ResponseAsync);

        await RpcAssert.InvalidField("end_date", () => fostering.EndArrangementAsync(
            new EndArrangementRequest { Borough = ChildRequests.Westminster, ArrangementId = notified.ArrangementId, EndDate = "2026-11-09" }, wcc).ResponseAsync);
        await RpcAssert.InvalidField("receiving_borough", () => fostering.RecordMoveAsync(new RecordMoveRequest
        {
            Borough = ChildRequests.Westminster,
            ArrangementId = notified.ArrangementId,
            MoveDate = "2026-11-20",
            ReceivingBorough = ChildRequests.Westminster,
            PostcodeDistrict = "W9",
        }, wcc).ResponseAsync);
        var ended = (await fostering.EndArrangementAsync(
            new EndArrangementRequest { Borough = ChildRequests.Westminster, ArrangementId = notified.ArrangementId, EndDate = "2026-11-23" }, wcc)).Arrangement;
        Assert.Equal((ArrangementStatus.Ended, "2026-11-23"), (ended.Status, ended.EndDate));
    }

    [Fact]
    public async Task Visits_are_recorded_in_order_move_the_next_due_date_and_are_refused_when_misdated_repeated_foreign_or_after_the_end()
    {
        var fostering = Client();
        var wcc = Hub.SocialWorker(ChildRequests.Westminster);
        var childId = await Hub.RegisterChild(ChildRequests.Westminster);
        var notice = Notice(ChildRequests.Westminster, childId);
        (notice.NotificationDate, notice.ArrangementStartDate) = (SharedServices.Day(-60), SharedServices.Day(-61));
        var arrangement = (await fostering.NotifyArrangementAsync(notice, wcc)).Arrangement;
        Assert.Equal(arrangement.VisitDueDate, arrangement.NextVisitDueDate);
        Assert.True(arrangement.InitialVisitLate); // due long ago, no visit yet
        RecordVisitRequest Visit(string date, bool seen = true, bool alone = true) => new()
        {
            Borough = ChildRequests.Westminster,
            ArrangementId = arrangement.ArrangementId,
            VisitDate = date,
            ChildSeen = seen,
            ChildSeenAlone = alone,
        };

        var later = (await fostering.RecordVisitAsync(Visit(SharedServices.Day(-10)), wcc)).Arrangement;
        var first = (await fostering.RecordVisitAsync(Visit(SharedServices.Day(-55), alone: false), wcc)).Arrangement;
        Assert.Equal(SharedServices.Day(32), later.NextVisitDueDate); // 6 weeks after the latest visit, in the first year
        Assert.Equal([SharedServices.Day(-55), SharedServices.Day(-10)], first.Visits.Select(v => v.VisitDate));
        Assert.Equal([false, true], first.Visits.Select(v => v.ChildSeenAlone));
        Assert.False(first.InitialVisitLate); // five days after the notification
        Assert.Equal(SharedServices.Day(32), first.NextVisitDueDate);

        await RpcAssert.InvalidField("visit_date", () => fostering.RecordVisitAsync(Visit(SharedServices.Day(-61)), wcc).ResponseAsync);
        await RpcAssert.InvalidField("visit_date", () => fostering.RecordVisitAsync(Visit(SharedServices.Day(2)), wcc).ResponseAsync);
        await RpcAssert.InvalidField("child_seen_alone", () => fostering.RecordVisitAsync(Visit(SharedServices.Day(-3), seen: false), wcc).ResponseAsync);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => fostering.RecordVisitAsync(Visit(SharedServices.Day(-10)), wcc).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.RecordVisitAsync(Visit(SharedServices.Day(-3)), Hub.SocialWorker(SharedServices.Kensington)).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => fostering.RecordVisitAsync(
            new RecordVisitRequest { Borough = ChildRequests.Westminster, ArrangementId = Guid.NewGuid().ToString("N"), VisitDate = SharedServices.Day(-3) }, wcc).ResponseAsync);
        await fostering.EndArrangementAsync(new EndArrangementRequest { Borough = ChildRequests.Westminster, ArrangementId = arrangement.ArrangementId, EndDate = SharedServices.Day(-2) }, wcc);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => fostering.RecordVisitAsync(Visit(SharedServices.Day(-1)), wcc).ResponseAsync);

        var listed = (await fostering.ListNotificationsAsync(
            new ListNotificationsRequest { Borough = ChildRequests.Westminster, IncludeClosed = true, PageSize = 500 }, wcc)).Arrangements.Single(a => a.ArrangementId == arrangement.ArrangementId);
        Assert.Equal(2, listed.Visits.Count); // the refused visits changed nothing
        var trail = (await new AuditService.AuditServiceClient(Hub.Channel())
            .ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId }, Hub.As(ChildRequests.Westminster, "mash-practitioner"))).Records;
        Assert.Equal(["done", "done", "refused", "refused", "denied", "refused"], // bad dates the API sees alone are refused before anything is read
            trail.Where(r => r.Action == "private-fostering.visit").Select(r => r.Outcome));
    }

    private static NotifyArrangementRequest Notice(string borough, string childId) => new()
    {
        Borough = borough,
        ChildId = childId,
        NotificationDate = SharedServices.Day(-5),
        ArrangementStartDate = SharedServices.Day(-6),
        Source = NotificationSource.SchoolAdmissions,
        PostcodeDistrict = "W2",
    };
}
