using PartnershipHub.Domain.Access;

namespace PartnershipHub.Domain.Board;

/// <summary>How a member organisation was represented at a board meeting.</summary>
public enum AttendanceStatus
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>The organisation's member attended.</summary>
    Attended = 1,

    /// <summary>The member sent a deputy who could speak for the organisation.</summary>
    SentDeputy = 2,

    /// <summary>The member sent apologies and nobody came.</summary>
    Apologies = 3,

    /// <summary>Nobody came and no apologies were sent.</summary>
    Absent = 4,
}

/// <summary>How one member organisation was represented at one meeting.</summary>
/// <param name="Organisation">The member organisation's code.</param>
/// <param name="Status">Attended, sent a deputy, sent apologies or absent.</param>
public sealed record MemberAttendance(string Organisation, AttendanceStatus Status);

/// <summary>A board meeting: when, which member organisations were expected, and, once recorded, who came.</summary>
/// <param name="MeetingId">The hub's id for it.</param>
/// <param name="Board">The board: the id of its safeguarding partnership agreement.</param>
/// <param name="Date">The day of the meeting.</param>
/// <param name="Title">What the meeting is, e.g. "Board, quarterly".</param>
/// <param name="ExpectedMembers">The member organisations expected, in the order given.</param>
/// <param name="Attendance">Each expected member's attendance, once recorded; empty before.</param>
/// <param name="Version">1 when scheduled, one more at each recording of attendance.</param>
/// <param name="Scheduled">Who scheduled it, and when.</param>
/// <param name="AttendanceRecorded">Who last recorded the attendance, and when; null before.</param>
public sealed record BoardMeeting(
    string MeetingId,
    string Board,
    DateOnly Date,
    string Title,
    IReadOnlyList<string> ExpectedMembers,
    IReadOnlyList<MemberAttendance> Attendance,
    int Version,
    RecordedBy Scheduled,
    RecordedBy? AttendanceRecorded)
{
    /// <summary>Whether its attendance has been recorded.</summary>
    public bool AttendanceKnown => Attendance.Count > 0;
}

/// <summary>A member organisation's attendance at the meetings it was expected at over a period.</summary>
/// <param name="Organisation">The member organisation's code.</param>
/// <param name="Expected">Meetings it was expected at whose attendance is recorded.</param>
/// <param name="Attended">Meetings its member attended.</param>
/// <param name="Deputised">Meetings it sent a deputy to.</param>
/// <param name="Apologies">Meetings it sent apologies for.</param>
/// <param name="Absent">Meetings it missed without apologies.</param>
/// <param name="Represented">Meetings at which it counts as attending (see <see cref="BoardAttendance.CountsAsAttending"/>).</param>
public sealed record AttendanceRate(string Organisation, int Expected, int Attended, int Deputised, int Apologies, int Absent, int Represented)
{
    /// <summary>The share of expected meetings at which it was represented, as a percentage rounded to one decimal place.</summary>
    public double Percent => Expected == 0 ? 0 : Math.Round(100.0 * Represented / Expected, 1);
}

/// <summary>
/// The board's attendance rules. A member organisation counts as attending a meeting when its member attended or
/// sent a deputy: the organisation was represented and could commit to actions. Apologies do not count as
/// attending; they are shown apart so that the board can tell courtesy from disengagement. Meetings whose
/// attendance has not been recorded do not count either way.
/// </summary>
public static class BoardAttendance
{
    /// <summary>The attendance rate below which a member is escalated, unless configured otherwise (75 %).</summary>
    public const int DefaultEscalationPercent = 75;

    /// <summary>Whether <paramref name="status"/> counts as attending.</summary>
    public static bool CountsAsAttending(AttendanceStatus status) => status is AttendanceStatus.Attended or AttendanceStatus.SentDeputy;

    /// <summary>The first day of the 12 months up to and including <paramref name="asAt"/>.</summary>
    public static DateOnly WindowStart(DateOnly asAt) => asAt.AddYears(-1).AddDays(1);

    /// <summary>
    /// The attendance with <paramref name="expected"/> members: those given as recorded, every other expected
    /// member absent.
    /// </summary>
    public static IReadOnlyList<MemberAttendance> Complete(IReadOnlyList<string> expected, IReadOnlyList<MemberAttendance> given) =>
        [.. expected.Select(member => given.FirstOrDefault(g => g.Organisation == member) ?? new MemberAttendance(member, AttendanceStatus.Absent))];

    /// <summary>
    /// Each member organisation's attendance at the recorded meetings in the 12 months up to and including
    /// <paramref name="asAt"/>, lowest rate first.
    /// </summary>
    public static IReadOnlyList<AttendanceRate> Rates(IEnumerable<BoardMeeting> meetings, DateOnly asAt)
    {
        var from = WindowStart(asAt);
        return [.. meetings
            .Where(m => m.AttendanceKnown && m.Date >= from && m.Date <= asAt)
            .SelectMany(m => m.Attendance)
            .GroupBy(a => a.Organisation, StringComparer.Ordinal)
            .Select(g => new AttendanceRate(
                g.Key,
                g.Count(),
                g.Count(a => a.Status == AttendanceStatus.Attended),
                g.Count(a => a.Status == AttendanceStatus.SentDeputy),
                g.Count(a => a.Status == AttendanceStatus.Apologies),
                g.Count(a => a.Status == AttendanceStatus.Absent),
                g.Count(a => CountsAsAttending(a.Status))))
            .OrderBy(r => (double)r.Represented / r.Expected)
            .ThenBy(r => r.Organisation, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The member organisations to escalate on <paramref name="asAt"/>: those represented at fewer than
    /// <paramref name="thresholdPercent"/> per cent of the recorded meetings they were expected at in the 12 months
    /// up to and including that day. Exactly at the threshold is not escalated.
    /// </summary>
    public static IReadOnlyList<AttendanceRate> Escalations(IEnumerable<BoardMeeting> meetings, DateOnly asAt, int thresholdPercent) =>
        [.. Rates(meetings, asAt).Where(r => r.Represented * 100 < thresholdPercent * r.Expected)];
}

/// <summary>The board settings an administrator may change (configuration section <c>Board</c>).</summary>
public sealed class BoardSettings
{
    /// <summary>
    /// The attendance rate, in per cent, below which a member organisation is escalated when a request names no
    /// other (<c>Board:EscalationPercent</c>); 75 unless configured.
    /// </summary>
    public int EscalationPercent { get; set; } = BoardAttendance.DefaultEscalationPercent;
}
