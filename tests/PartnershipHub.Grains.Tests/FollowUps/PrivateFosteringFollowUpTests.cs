using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.PrivateFostering;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// Private fostering registers of two boroughs on a real silo on the embedded store: notifications, visits, ends and
/// moves between them, with the store failing at a write or the hub going down before a register forgets what it
/// delivered; after the follow-ups' retry both registers agree, and the child's verified trail holds each change's
/// record once (the register's own, and the receiving register's record of a transfer).
/// </summary>
public sealed class PrivateFosteringFollowUpTests : IAsyncLifetime
{
    private const string Westminster = "E09000033";
    private const string Camden = "E09000007";

    private ChildSilo silo = null!;

    public async Task InitializeAsync() => silo = await ChildSilo.Start();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Two_boroughs_moving_children_to_each_other_at_the_same_moment_both_go_through_without_waiting_for_a_timeout()
    {
        var fromWestminster = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PrivatelyFostered(Westminster)));
        var fromCamden = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PrivatelyFostered(Camden)));

        // Each register's move delivers its transfer to the other while the other is delivering its own: were they
        // to wait on each other, the moves would take the silo's response timeout (30 s).
        var moves = fromWestminster.Select(a => Move(Westminster, a.ArrangementId, Camden))
            .Concat(fromCamden.Select(a => Move(Camden, a.ArrangementId, Westminster)));
        var moved = await Task.WhenAll(moves).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.All(moved, m => Assert.Equal(CallStatus.Done, m.Status));
        foreach (var (borough, other, children) in new[] { (Westminster, Camden, fromWestminster), (Camden, Westminster, fromCamden) })
        {
            var received = await Arrangements(other);
            foreach (var (childId, arrangementId) in children)
            {
                var closed = (await Arrangements(borough)).Single(a => a.ArrangementId == arrangementId);
                Assert.Equal(ArrangementStatus.Moved, closed.Status);
                var there = Assert.Single(received, a => a.SourceArrangementId == arrangementId);
                Assert.Equal((closed.ReceivingArrangementId, childId, ArrangementStatus.Active), (there.ArrangementId, there.Notice.ChildId, there.Status));
            }
        }
    }

    [Fact]
    public async Task A_notification_whose_own_write_fails_leaves_no_record_and_is_recorded_once_when_tried_again()
    {
        var childId = await Child(Westminster);
        silo.Faults.FailState("private-fostering", Westminster);
        await Assert.ThrowsAnyAsync<Exception>(() => Register(Westminster).Notify(Notice(childId), SocialWorker(Westminster)));
        silo.Faults.Heal();
        Assert.Empty(await Arrangements(Westminster));
        await AssertTrail(childId, "child.register");

        Assert.Equal(CallStatus.Done, (await Register(Westminster).Notify(Notice(childId), SocialWorker(Westminster))).Status);
        await RestartBeforeTheRegistersForget();

        Assert.Equal(childId, Assert.Single(await Arrangements(Westminster)).Notice.ChildId);
        await AssertTrail(childId, "child.register", "private-fostering.notify");
    }

    [Fact]
    public async Task A_notification_visit_and_end_whose_audit_failed_are_in_the_childs_verified_trail_once_after_a_restart()
    {
        var childId = await Child(Westminster);
        silo.Faults.FailAudit();
        var arrangementId = await Notified(Westminster, childId);
        Assert.Equal(CallStatus.Done, (await Register(Westminster).RecordVisit(arrangementId, new DateOnly(2025, 3, 5), true, true, SocialWorker(Westminster))).Status);
        Assert.Equal(CallStatus.Done, (await Register(Westminster).End(arrangementId, new DateOnly(2025, 7, 1), SocialWorker(Westminster))).Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");

        await RestartBeforeTheRegistersForget();

        var ended = Assert.Single(await Arrangements(Westminster));
        Assert.Equal((ArrangementStatus.Ended, 1), (ended.Status, ended.VisitsMade.Count));
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.visit", "private-fostering.end");
    }

    [Fact]
    public async Task A_notification_visit_and_end_delivered_but_still_in_the_registers_row_after_a_crash_are_in_the_trail_once()
    {
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);
        Assert.Equal(CallStatus.Done, (await Register(Westminster).RecordVisit(arrangementId, new DateOnly(2025, 3, 5), true, false, SocialWorker(Westminster))).Status);
        Assert.Equal(CallStatus.Done, (await Register(Westminster).End(arrangementId, new DateOnly(2025, 7, 1), SocialWorker(Westminster))).Status);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.visit", "private-fostering.end");

        await RestartBeforeTheRegistersForget();

        Assert.True(silo.Faults.Refused > 0, "the register's row kept its delivered records");
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.visit", "private-fostering.end");
    }

    [Fact]
    public async Task A_move_whose_records_failed_and_whose_transfer_is_sent_again_is_received_and_recorded_once_by_each_register()
    {
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);
        silo.Faults.FailAudit();
        var moved = await Move(Westminster, arrangementId, Camden);
        Assert.Equal(CallStatus.Done, moved.Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");

        // Both registers go down holding the transfer (delivered) and the move's and the receipt's records (not).
        await RestartBeforeTheRegistersForget();

        await AssertTransferredOnce(childId, arrangementId, moved.Value!.ReceivingArrangementId);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");
        var receipt = (await Trail(childId).Read(1, 100)).Single(r => r.Entry.Action == "private-fostering.receive").Entry;
        Assert.Equal((Westminster, "sw.one"), (receipt.Organisation, receipt.UserId));
        Assert.Contains($"received by {Camden} from {Westminster}", receipt.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_delivered_but_still_in_both_registers_rows_after_a_crash_is_received_and_recorded_once()
    {
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);
        var moved = await Move(Westminster, arrangementId, Camden);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");

        await RestartBeforeTheRegistersForget();

        Assert.True(silo.Faults.Refused > 0, "the registers' rows kept what they delivered");
        await AssertTransferredOnce(childId, arrangementId, moved.Value!.ReceivingArrangementId);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");
    }

    [Fact]
    public async Task A_transfer_the_receiving_register_failed_to_store_is_received_and_recorded_once_under_the_id_named_after_a_restart()
    {
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);
        silo.Faults.FailState("private-fostering", Camden);
        var moved = await Move(Westminster, arrangementId, Camden);
        Assert.Equal(CallStatus.Done, moved.Status);
        Assert.True(silo.Faults.Refused > 0, "the receiving register's write was tried and refused");
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move");

        silo.Faults.Heal();
        await silo.Restart();
        await Settle();

        await AssertTransferredOnce(childId, arrangementId, moved.Value!.ReceivingArrangementId);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");
    }

    [Fact]
    public async Task A_move_whose_own_write_fails_notifies_no_borough_records_nothing_and_goes_through_once_when_tried_again()
    {
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);
        silo.Faults.FailState("private-fostering", Westminster);
        await Assert.ThrowsAnyAsync<Exception>(() => Move(Westminster, arrangementId, Camden));
        silo.Faults.Heal();
        Assert.Empty(await Arrangements(Camden));
        Assert.Equal(ArrangementStatus.Active, (await Arrangements(Westminster)).Single(a => a.ArrangementId == arrangementId).Status);
        await AssertTrail(childId, "child.register", "private-fostering.notify");

        var moved = await Move(Westminster, arrangementId, Camden);
        await silo.Restart();
        await Settle();

        await AssertTransferredOnce(childId, arrangementId, moved.Value!.ReceivingArrangementId);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");
    }

    [Fact]
    public async Task A_transfer_arriving_while_the_receiving_registers_own_write_fails_is_stored_without_it_and_recorded_once()
    {
        var (camdenChild, camdenArrangement) = await PrivatelyFostered(Camden);
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);

        // Camden's visit is being written, slowly and to fail, when Westminster's transfer arrives there.
        var write = silo.Faults.HoldNextWrite("private-fostering", Camden);
        var visit = Register(Camden).RecordVisit(camdenArrangement, new DateOnly(2025, 3, 5), true, true, SocialWorker(Camden));
        await write.Reached;
        var move = Move(Westminster, arrangementId, Camden);
        await Task.WhenAny(move, Task.Delay(TimeSpan.FromSeconds(2))); // the transfer waits for the visit's write to end
        write.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => visit);
        var moved = await move;

        await RestartBeforeTheRegistersForget();

        await AssertTransferredOnce(childId, arrangementId, moved.Value!.ReceivingArrangementId);
        Assert.Empty((await Arrangements(Camden)).Single(a => a.ArrangementId == camdenArrangement).VisitsMade);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");
        await AssertTrail(camdenChild, "child.register", "private-fostering.notify");
    }

    [Fact]
    public async Task A_transfer_sent_again_by_the_checks_repair_is_received_and_recorded_once_and_only_a_move_is_sent()
    {
        var (childId, arrangementId) = await PrivatelyFostered(Westminster);
        var (_, stillHere) = await PrivatelyFostered(Westminster);
        var moved = await Move(Westminster, arrangementId, Camden);

        Assert.Equal(1, await Register(Westminster).ResendTransfer(arrangementId));
        Assert.Equal(0, await Register(Westminster).ResendTransfer(stillHere));
        await Settle();

        await AssertTransferredOnce(childId, arrangementId, moved.Value!.ReceivingArrangementId);
        await AssertTrail(childId, "child.register", "private-fostering.notify", "private-fostering.move", "private-fostering.receive");
        Assert.Equal([arrangementId], (await Register(Westminster).Transfers()).Select(a => a.ArrangementId));
        Assert.Equal([arrangementId], (await Register(Camden).Transfers()).Select(a => a.SourceArrangementId));
    }

    private IPrivateFosteringRegisterGrain Register(string borough) => silo.Grains.GetGrain<IPrivateFosteringRegisterGrain>(borough);

    private static Caller SocialWorker(string borough) => new(borough, HubRoles.SocialWorker, "sw.one");

    private Task<CallResult<PrivateFosteringArrangement>> Move(string borough, string arrangementId, string to) =>
        Register(borough).RecordMove(arrangementId, new PrivateFosteringMove(new DateOnly(2025, 8, 1), to, "NW1"), SocialWorker(borough));

    private async Task<IReadOnlyList<PrivateFosteringArrangement>> Arrangements(string borough) =>
        (await Register(borough).List(SocialWorker(borough))).Value!;

    private IAuditTrailGrain Trail(string childId) => silo.Grains.GetGrain<IAuditTrailGrain>(AuditSubjects.Child(childId));

    /// <summary>
    /// The hub goes down while the registers cannot write (so their rows keep what they delivered), then both
    /// registers deliver what their rows hold, as their next activation would.
    /// </summary>
    private async Task RestartBeforeTheRegistersForget()
    {
        silo.Faults.FailStates("private-fostering");
        await silo.Restart();
        silo.Faults.Heal();
        await Settle();
    }

    /// <summary>Both registers deliver what they hold (as their timers or next activations would); every follow-up goes.</summary>
    private async Task Settle()
    {
        foreach (var borough in new[] { Westminster, Camden })
        {
            Assert.Equal(0, await Register(borough).DeliverFollowUps());
        }
    }

    /// <summary>Closed as moved in Westminster, and exactly one arrangement from it in Camden, active, under the id Westminster named.</summary>
    private async Task AssertTransferredOnce(string childId, string arrangementId, string? receivingId)
    {
        var closed = (await Arrangements(Westminster)).Single(a => a.ArrangementId == arrangementId);
        Assert.Equal((ArrangementStatus.Moved, receivingId), (closed.Status, closed.ReceivingArrangementId));
        var received = Assert.Single(await Arrangements(Camden), a => a.SourceArrangementId == arrangementId);
        Assert.Equal((receivingId, arrangementId, childId, ArrangementStatus.Active), (received.ArrangementId, received.SourceArrangementId, received.Notice.ChildId, received.Status));
    }

    /// <summary>
    /// The child's chain verifies and holds exactly these actions, each once (in any order: two registers record a
    /// move, each when its outbox gets to it).
    /// </summary>
    private async Task AssertTrail(string childId, params string[] actions)
    {
        var verification = await Trail(childId).Verify();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(actions.Order(StringComparer.Ordinal), (await Trail(childId).Read(1, 100)).Select(r => r.Entry.Action).Order(StringComparer.Ordinal));
    }

    /// <summary>A child registered in <paramref name="borough"/> and notified to its register as privately fostered.</summary>
    private async Task<(string ChildId, string ArrangementId)> PrivatelyFostered(string borough)
    {
        var childId = await Child(borough);
        return (childId, await Notified(borough, childId));
    }

    private async Task<string> Child(string borough)
    {
        var childId = Guid.NewGuid().ToString("N");
        var registration = new ChildRegistration(borough, "Sam", "Example", BirthDateStatus.Known, new DateOnly(2015, 4, 1), null, null, []);
        var registered = await silo.Grains.GetGrain<IChildGrain>(childId).Register(registration, AccessPurpose.CaseManagement, new Caller(borough, HubRoles.MashPractitioner, "mp.one"));
        Assert.Equal(RegistrationStatus.Registered, registered.Status);
        return childId;
    }

    private async Task<string> Notified(string borough, string childId)
    {
        var notified = await Register(borough).Notify(Notice(childId), SocialWorker(borough));
        Assert.Equal(CallStatus.Done, notified.Status);
        return notified.Value!.ArrangementId;
    }

    private static PrivateFosteringNotice Notice(string childId) =>
        new(childId, new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 1), NotificationSource.SelfReferral, "W9");
}
