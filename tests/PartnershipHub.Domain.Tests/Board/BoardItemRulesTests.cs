using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Domain.Tests.Board;

public sealed class BoardItemRulesTests
{
    private static readonly RecordedBy Analyst = new("E09000033", "partnership-analyst", "analyst", new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.Zero));

    private static BoardItem Item(BoardItemKind kind = BoardItemKind.ScrutinyAction, string due = "2026-10-31", string assignedTo = "met-police") =>
        BoardItem.Create(Guid.NewGuid().ToString("N"),
            new BoardItemDraft("lscb-triborough", kind, "Strategy discussions to include health", string.Empty, "Dataset Q2", assignedTo, DateOnly.Parse(due)),
            Analyst);

    private static BoardItem Noted(BoardItem item, BoardNoteKind kind) => item.WithNote(new BoardNote(kind, "note", Analyst));

    private static BoardItem Moved(BoardItem item, BoardItemStatus status) =>
        item.With(new BoardItemChange(status, item.DueDate, item.AssignedTo, "why", Analyst));

    [Fact]
    public void A_new_item_is_open_at_version_1_and_each_note_or_change_makes_a_new_version()
    {
        var item = Item();
        Assert.Equal((BoardItemStatus.Open, 1), (item.Status, item.Version));
        var noted = Noted(item, BoardNoteKind.Progress);
        var started = Moved(noted, BoardItemStatus.InProgress);
        Assert.Equal((BoardItemStatus.InProgress, 3, 1, 2), (started.Status, started.Version, started.Notes.Count, started.Changes.Count));
        Assert.Equal(1, item.Version); // records are values: the first version is unchanged
    }

    [Theory]
    [InlineData(BoardItemStatus.Open, BoardItemStatus.InProgress, true)]
    [InlineData(BoardItemStatus.Open, BoardItemStatus.Dropped, true)]
    [InlineData(BoardItemStatus.InProgress, BoardItemStatus.Done, true)]
    [InlineData(BoardItemStatus.InProgress, BoardItemStatus.InProgress, false)]
    [InlineData(BoardItemStatus.InProgress, BoardItemStatus.Open, false)]
    [InlineData(BoardItemStatus.Done, BoardItemStatus.InProgress, false)] // done is final
    [InlineData(BoardItemStatus.Dropped, BoardItemStatus.InProgress, false)] // so is dropped
    public void Status_moves_forward_only_and_done_or_dropped_is_final(BoardItemStatus from, BoardItemStatus to, bool allowed)
    {
        var item = Noted(Item(), BoardNoteKind.Evidence);
        if (from != BoardItemStatus.Open)
        {
            item = Moved(item, from);
        }

        Assert.Equal(allowed, BoardItemRules.CheckStatusChange(item, to, "a reason") is null);
    }

    [Fact]
    public void An_action_is_done_only_once_evidence_is_recorded_progress_is_not_enough()
    {
        var withProgress = Noted(Item(), BoardNoteKind.Progress);
        var refused = BoardItemRules.CheckStatusChange(withProgress, BoardItemStatus.Done, string.Empty);
        Assert.NotNull(refused);
        Assert.Null(refused.Field); // the item's state, not a field: FAILED_PRECONDITION
        Assert.Null(BoardItemRules.CheckStatusChange(Noted(withProgress, BoardNoteKind.Evidence), BoardItemStatus.Done, string.Empty));
    }

    [Fact]
    public void A_recommendation_is_done_on_progress_or_impact_and_takes_no_evidence_notes()
    {
        var recommendation = Item(BoardItemKind.CaseReviewRecommendation);
        Assert.Equal("kind", BoardItemRules.CheckNote(recommendation, BoardNoteKind.Evidence)?.Field);
        Assert.Null(BoardItemRules.CheckNote(recommendation, BoardNoteKind.Impact));
        Assert.Equal("kind", BoardItemRules.CheckNote(Item(), BoardNoteKind.Impact)?.Field);
        Assert.NotNull(BoardItemRules.CheckStatusChange(recommendation, BoardItemStatus.Done, string.Empty));
        Assert.Null(BoardItemRules.CheckStatusChange(Noted(recommendation, BoardNoteKind.Impact), BoardItemStatus.Done, string.Empty));
    }

    [Fact]
    public void Dropping_needs_a_reason_and_a_closed_item_is_not_revised()
    {
        Assert.Equal("reason", BoardItemRules.CheckStatusChange(Item(), BoardItemStatus.Dropped, string.Empty)?.Field);
        Assert.Equal("status", BoardItemRules.CheckStatusChange(Item(), BoardItemStatus.Open, "x")?.Field);
        Assert.Equal("reason", BoardItemRules.CheckRevision(Item(), string.Empty)?.Field);
        var dropped = Moved(Item(), BoardItemStatus.Dropped);
        Assert.Null(BoardItemRules.CheckRevision(dropped, "new due date")?.Field);
        Assert.NotNull(BoardItemRules.CheckRevision(dropped, "new due date"));
    }

    [Fact]
    public void An_outstanding_item_is_overdue_from_the_day_after_its_due_date_and_a_done_one_never_is()
    {
        var item = Item(due: "2026-10-31").Summary();
        Assert.False(BoardItemRules.IsOverdue(item, new DateOnly(2026, 10, 31))); // due today is not late yet
        Assert.True(BoardItemRules.IsOverdue(item, new DateOnly(2026, 11, 1)));
        var done = Moved(Noted(Item(due: "2026-10-31"), BoardNoteKind.Evidence), BoardItemStatus.Done).Summary();
        Assert.False(BoardItemRules.IsOverdue(done, new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void The_overdue_list_groups_by_organisation_with_the_longest_overdue_first_and_follows_a_revised_due_date()
    {
        var police = Item(due: "2026-11-10");
        var policeOlder = Item(due: "2026-09-30");
        var wcc = Item(due: "2026-11-01", assignedTo: "E09000033");
        var revised = police.With(new BoardItemChange(BoardItemStatus.Open, new DateOnly(2026, 12, 31), "met-police", "agreed extension", Analyst));
        var notYetDue = Item(due: "2026-12-01");
        var asAt = new DateOnly(2026, 11, 23);

        var overdue = BoardItemRules.Overdue([police.Summary(), policeOlder.Summary(), wcc.Summary(), notYetDue.Summary()], asAt);
        Assert.Equal(
            [("E09000033", 22), ("met-police", 54), ("met-police", 13)],
            overdue.Select(o => (o.Item.AssignedTo, o.DaysOverdue)));

        Assert.DoesNotContain(BoardItemRules.Overdue([revised.Summary()], asAt), o => o.Item.ItemId == police.ItemId);
    }
}
