using PartnershipHub.Api.Board;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Partnerships;
using V1 = PartnershipHub.Contracts.Board.V1;

namespace PartnershipHub.Api.PerformancePack;

/// <summary>
/// The board's own trackers as the pack shows them (domain.md section 5): its actions and recommendations with their
/// status and whether overdue today, and attendance by member organisation at its meetings in the pack's year, each
/// the answer <c>BoardService</c> gives for the same board (<see cref="BoardReader"/>), read as the viewer.
/// </summary>
/// <param name="Board">The board's id: its safeguarding partnership agreement's.</param>
/// <param name="Items">As <c>ListItems</c> answers with every kind, closed items included, on one page.</param>
/// <param name="Overdue">As <c>ListOverdueItems</c> answers for today.</param>
/// <param name="Attendance">As <c>ListAttendanceEscalations</c> answers for 31 March of the pack's year, at the configured rate.</param>
public sealed record PackBoard(string Board, V1.ListItemsResponse Items, V1.ListOverdueItemsResponse Overdue, V1.ListAttendanceEscalationsResponse Attendance)
{
    private static readonly IReadOnlySet<BoardItemKind> EveryKind = new HashSet<BoardItemKind>(
        [BoardItemKind.ScrutinyAction, BoardItemKind.CaseReviewRecommendation, BoardItemKind.AuditRecommendation]);

    /// <summary>The boards <paramref name="caller"/> manages today (the policy of every board call), by id.</summary>
    public static IReadOnlyList<string> Managed(Caller caller, IReadOnlyList<PartnershipAgreement> agreements, DateOnly today) =>
        [.. agreements
            .Where(a => a.Service == SharedService.SafeguardingPartnership && a.InForceOn(today) && AccessPolicy.CanManageBoard(caller, a.Id, agreements, today).Allowed)
            .Select(a => a.Id)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads <paramref name="board"/>'s trackers as <paramref name="caller"/>, each read audited in the board's trail as
    /// the API's are (actions <c>board.pack.items</c> and <c>board.pack.meetings</c>).
    /// </summary>
    public static async Task<PackBoard> Read(BoardReader reader, string board, int year, Caller caller)
    {
        var today = reader.Today();
        var items = BoardReader.Listed(await reader.Items(board, null, "board.pack.items", caller), EveryKind, includeClosed: true);
        var list = new V1.ListItemsResponse { TotalSize = items.Count };
        list.Items.AddRange(items.Select(i => BoardMessages.ToMessage(i, today)));
        var meetings = await reader.Meetings(board, "board.pack.meetings", caller);
        return new PackBoard(board, list, BoardReader.Overdue(items, today), reader.Escalations(meetings, ReportingPeriods.YearEnd(year), 0));
    }
}
