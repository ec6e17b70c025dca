using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// The safeguarding partnership board's items and meetings, each change stored with its audit record: with the audit
/// store failing and the hub going down before the grain forgets what it delivered, each change is in the item's (the
/// board's) verified trail once and the board's list shows the item as it stands; with the grain's own write failing,
/// there is no record and nothing changed.
/// </summary>
public sealed class BoardFollowUpTests : IAsyncLifetime
{
    private const string Board = "lscb-triborough";
    private const string Westminster = "E09000033";
    private static readonly Caller Analyst = new(Westminster, HubRoles.PartnershipAnalyst, "pa.one");

    private ChildSilo silo = null!;

    public async Task InitializeAsync() => silo = await ChildSilo.Start();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task An_items_changes_whose_audit_failed_are_in_its_verified_trail_once_and_on_the_list_after_a_restart()
    {
        silo.Faults.FailAudit();
        var itemId = await CreatedItem();
        Assert.Equal(CallStatus.Done, (await Item(itemId).AddNote(1, BoardNoteKind.Evidence, "audit of referrals", Analyst)).Status);
        Assert.Equal(CallStatus.Done, (await Item(itemId).ChangeStatus(2, BoardItemStatus.InProgress, string.Empty, Analyst)).Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");
        silo.Faults.Heal();

        // Delivered after the first restart; sent again after the second, as the row still holds them.
        await RestartBeforeItForgets("board-item", () => Item(itemId));
        await RestartBeforeItForgets("board-item", () => Item(itemId));

        var trail = await Chain(AuditSubjects.BoardItem(itemId));
        Assert.Equal([BoardAudit.Create, BoardAudit.Note, BoardAudit.Status], trail.Select(r => r.Entry.Action));
        Assert.All(trail, r => Assert.Equal(("done", BoardAudit.Purpose, Analyst.UserId), (r.Entry.Outcome, r.Entry.Purpose, r.Entry.UserId)));
        Assert.StartsWith($"ScrutinyAction on board {Board}, assigned to {Westminster}, InProgress, version 3; ", trail[^1].Entry.Detail);
        Assert.Equal((3, BoardItemStatus.InProgress), await Listed(itemId));
    }

    [Fact]
    public async Task A_note_whose_own_write_fails_leaves_no_record_and_the_item_as_it_was_and_has_one_record_when_tried_again()
    {
        var itemId = await CreatedItem();
        silo.Faults.FailStates("board-item");
        await Assert.ThrowsAnyAsync<Exception>(() => Item(itemId).AddNote(1, BoardNoteKind.Evidence, "audit of referrals", Analyst));
        silo.Faults.Heal();
        await Settle(Item(itemId));

        Assert.Equal([BoardAudit.Create], (await Chain(AuditSubjects.BoardItem(itemId))).Select(r => r.Entry.Action));
        var item = (await Item(itemId).Get(Analyst)).Value!;
        Assert.Equal((1, 0), (item.Version, item.Notes.Count));
        Assert.Equal((1, BoardItemStatus.Open), await Listed(itemId));

        Assert.Equal(CallStatus.Done, (await Item(itemId).AddNote(1, BoardNoteKind.Evidence, "audit of referrals", Analyst)).Status);
        await RestartBeforeItForgets("board-item", () => Item(itemId));
        Assert.Equal([BoardAudit.Create, BoardAudit.Note], (await Chain(AuditSubjects.BoardItem(itemId))).Select(r => r.Entry.Action));
        Assert.Equal((2, BoardItemStatus.Open), await Listed(itemId));
    }

    [Fact]
    public async Task A_meeting_and_its_attendance_whose_audit_failed_are_in_the_boards_verified_trail_once_after_a_restart()
    {
        silo.Faults.FailAudit();
        var meetingId = Guid.NewGuid().ToString("N");
        Assert.Equal(CallStatus.Done, (await Meetings().Schedule(meetingId, new DateOnly(2025, 6, 1), "June board", [Westminster], Analyst)).Status);
        Assert.Equal(CallStatus.Done, (await Meetings().RecordAttendance(meetingId, 1, [new MemberAttendance(Westminster, AttendanceStatus.Attended)], Analyst)).Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");
        silo.Faults.Heal();

        await RestartBeforeItForgets("board-meetings", Meetings);
        await RestartBeforeItForgets("board-meetings", Meetings);

        var trail = await Chain(AuditSubjects.Board(Board));
        Assert.Equal([BoardAudit.Schedule, BoardAudit.Attendance], trail.Select(r => r.Entry.Action));
        Assert.StartsWith($"meeting {meetingId} on 2025-06-01, version 2, 1 of 1 members represented; ", trail[^1].Entry.Detail);
    }

    [Fact]
    public async Task A_meeting_whose_own_write_fails_is_not_scheduled_nor_recorded_and_has_one_record_when_tried_again()
    {
        var meetingId = Guid.NewGuid().ToString("N");
        silo.Faults.FailStates("board-meetings");
        await Assert.ThrowsAnyAsync<Exception>(() => Meetings().Schedule(meetingId, new DateOnly(2025, 6, 1), "June board", [Westminster], Analyst));
        silo.Faults.Heal();
        await Settle(Meetings());

        Assert.Empty(await Chain(AuditSubjects.Board(Board)));
        Assert.Empty((await Meetings().List(Analyst)).Value!);

        Assert.Equal(CallStatus.Done, (await Meetings().Schedule(meetingId, new DateOnly(2025, 6, 1), "June board", [Westminster], Analyst)).Status);
        await RestartBeforeItForgets("board-meetings", Meetings);
        Assert.Equal([BoardAudit.Schedule], (await Chain(AuditSubjects.Board(Board))).Select(r => r.Entry.Action));
        Assert.Equal(meetingId, Assert.Single((await Meetings().List(Analyst)).Value!).MeetingId);
    }

    private IBoardItemGrain Item(string itemId) => silo.Grains.GetGrain<IBoardItemGrain>(itemId);

    private IBoardMeetingsGrain Meetings() => silo.Grains.GetGrain<IBoardMeetingsGrain>(Board);

    private async Task<string> CreatedItem()
    {
        var itemId = Guid.NewGuid().ToString("N");
        var draft = new BoardItemDraft(Board, BoardItemKind.ScrutinyAction, "Referral quality", "Audit referrals", "Q1 data", Westminster, new DateOnly(2026, 3, 31));
        Assert.Equal(CallStatus.Done, (await Item(itemId).Create(draft, Analyst)).Status);
        return itemId;
    }

    /// <summary>The item's version and status as the board's list shows it.</summary>
    private async Task<(int Version, BoardItemStatus Status)> Listed(string itemId)
    {
        var listed = Assert.Single((await silo.Grains.GetGrain<IBoardItemListGrain>(Board).List(null, Analyst)).Value!, i => i.ItemId == itemId);
        return (listed.Version, listed.Status);
    }

    /// <summary>Lets the grain deliver what it holds (as its timer or next activation would); every follow-up goes.</summary>
    private static async Task Settle(IOutboxGrain grain) => Assert.Equal(0, await grain.DeliverFollowUps());

    /// <summary>The hub goes down before the grain forgets what it delivered, so it sends it again; then it settles.</summary>
    private async Task RestartBeforeItForgets(string state, Func<IOutboxGrain> grain)
    {
        silo.Faults.FailStates(state);
        await silo.Restart();
        silo.Faults.Heal();
        await Settle(grain());
    }

    /// <summary>The subject's chain, verified.</summary>
    private async Task<IReadOnlyList<AuditRecord>> Chain(string subject)
    {
        var trail = silo.Grains.GetGrain<IAuditTrailGrain>(subject);
        var verification = await trail.Verify();
        Assert.True(verification.Intact, verification.Problem);
        return await trail.Read(1, 100);
    }
}
