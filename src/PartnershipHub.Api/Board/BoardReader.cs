using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Board.V1;

namespace PartnershipHub.Api.Board;

/// <summary>
/// Reads a board's items and meetings from its grains (which apply the access policy), audited in the board's trail,
/// and makes the answers of <c>ListItems</c>, <c>ListOverdueItems</c> and <c>ListAttendanceEscalations</c> from them:
/// the code <see cref="BoardGrpcService"/> answers with and the performance pack shows, so both give the same figures.
/// </summary>
public sealed class BoardReader(IGrainFactory grains, AuditWriter audit, TimeProvider clock, BoardSettings settings)
{
    /// <summary>The hub's configured escalation rate (<c>Board:EscalationPercent</c>).</summary>
    public int EscalationPercent => settings.EscalationPercent;

    /// <summary>Today, in London.</summary>
    public DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    /// <summary>
    /// The board's item summaries the caller may list (all of them for those who manage the board, or those assigned to
    /// <paramref name="assignedTo"/>), audited in the board's trail; a refusal is thrown as the API's error.
    /// </summary>
    public async Task<IReadOnlyList<BoardItemSummary>> Items(string board, string? assignedTo, string action, Caller caller)
    {
        var result = await grains.GetGrain<IBoardItemListGrain>(board).List(assignedTo, caller);
        return await audit.Audited(new AuditTarget(AuditSubjects.Board(board), "board"), action, caller, BoardAudit.Purpose, null, result,
            items => $"{items.Count} items{(assignedTo is null ? string.Empty : $" assigned to {assignedTo}")}");
    }

    /// <summary>The board's meetings, audited in the board's trail; a refusal is thrown as the API's error.</summary>
    public async Task<IReadOnlyList<BoardMeeting>> Meetings(string board, string action, Caller caller) =>
        await audit.Audited(new AuditTarget(AuditSubjects.Board(board), "board"), action, caller, BoardAudit.Purpose, null,
            await grains.GetGrain<IBoardMeetingsGrain>(board).List(caller), meetings => $"{meetings.Count} meetings");

    /// <summary>The items a list shows: of <paramref name="kinds"/>, outstanding ones only unless <paramref name="includeClosed"/>.</summary>
    public static List<BoardItemSummary> Listed(IEnumerable<BoardItemSummary> items, IReadOnlySet<BoardItemKind> kinds, bool includeClosed) =>
        [.. items.Where(i => kinds.Contains(i.Kind) && (includeClosed || BoardItemRules.IsOutstanding(i.Status)))];

    /// <summary>The answer of <c>ListOverdueItems</c>: the items outstanding after their due date on <paramref name="asAt"/>, by organisation.</summary>
    public static V1.ListOverdueItemsResponse Overdue(IEnumerable<BoardItemSummary> items, DateOnly asAt)
    {
        var overdue = BoardItemRules.Overdue(items, asAt);
        var response = new V1.ListOverdueItemsResponse { AsAt = IsoDates.Write(asAt) };
        response.Items.AddRange(overdue.Select(o => new V1.OverdueItem { Item = BoardMessages.ToMessage(o.Item, asAt), DaysOverdue = o.DaysOverdue }));
        response.Organisations.AddRange(overdue
            .GroupBy(o => o.Item.AssignedTo, StringComparer.Ordinal)
            .Select(g => new V1.OrganisationOverdue { Organisation = g.Key, Overdue = g.Count(), MostDaysOverdue = g.Max(o => o.DaysOverdue) })
            .OrderByDescending(o => o.Overdue)
            .ThenBy(o => o.Organisation, StringComparer.Ordinal));
        return response;
    }

    /// <summary>
    /// The answer of <c>ListAttendanceEscalations</c>: each member's attendance at the recorded meetings of the 12 months
    /// up to <paramref name="asAt"/>, and those below <paramref name="thresholdPercent"/> (0: the configured rate).
    /// </summary>
    public V1.ListAttendanceEscalationsResponse Escalations(IReadOnlyList<BoardMeeting> meetings, DateOnly asAt, int thresholdPercent)
    {
        var threshold = thresholdPercent > 0 ? thresholdPercent : settings.EscalationPercent;
        var from = BoardAttendance.WindowStart(asAt);
        var held = meetings.Where(m => m.Date >= from && m.Date <= asAt && m.Date <= Today()).ToList();
        var escalations = BoardAttendance.Escalations(meetings, asAt, threshold);
        var response = new V1.ListAttendanceEscalationsResponse
        {
            WindowStart = IsoDates.Write(from),
            AsAt = IsoDates.Write(asAt),
            ThresholdPercent = threshold,
            MeetingsCounted = held.Count(m => m.AttendanceKnown),
            MeetingsUnrecorded = held.Count(m => !m.AttendanceKnown),
        };
        response.Members.AddRange(BoardAttendance.Rates(meetings, asAt).Select(r => BoardMessages.ToMessage(r, escalations.Contains(r))));
        response.Escalations.AddRange(escalations.Select(r => BoardMessages.ToMessage(r, escalate: true)));
        return response;
    }
}
