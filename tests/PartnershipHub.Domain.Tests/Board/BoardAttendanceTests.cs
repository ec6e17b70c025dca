using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Domain.Tests.Board;

public sealed class BoardAttendanceTests
{
    private const string Police = "met-police";
    private const string Health = "nwl-icb";
    private const string Wcc = "E09000033";

    private static readonly RecordedBy Analyst = new(Wcc, "partnership-analyst", "analyst", DateTimeOffset.UnixEpoch);

    private static BoardMeeting Meeting(string date, params (string Organisation, AttendanceStatus Status)[] attendance) =>
        new(Guid.NewGuid().ToString("N"), "lscb-triborough", DateOnly.Parse(date), "Board", [Police, Health, Wcc],
            BoardAttendance.Complete([Police, Health, Wcc], [.. attendance.Select(a => new MemberAttendance(a.Organisation, a.Status))]),
            2, Analyst, Analyst);

    [Fact]
    public void Members_not_named_when_attendance_is_recorded_are_absent()
    {
        var meeting = Meeting("2026-01-15", (Police, AttendanceStatus.Attended));
        Assert.Equal([AttendanceStatus.Attended, AttendanceStatus.Absent, AttendanceStatus.Absent], meeting.Attendance.Select(a => a.Status));
    }

    [Fact]
    public void A_deputy_counts_as_attending_and_apologies_do_not()
    {
        var meetings = new[]
        {
            Meeting("2026-01-15", (Police, AttendanceStatus.SentDeputy), (Health, AttendanceStatus.Apologies), (Wcc, AttendanceStatus.Attended)),
            Meeting("2026-03-15", (Police, AttendanceStatus.Attended), (Health, AttendanceStatus.Attended), (Wcc, AttendanceStatus.Attended)),
        };

        var rates = BoardAttendance.Rates(meetings, new DateOnly(2026, 6, 30)).ToDictionary(r => r.Organisation);
        Assert.Equal((2, 2, 100.0), (rates[Police].Expected, rates[Police].Represented, rates[Police].Percent));
        Assert.Equal((2, 1, 1, 50.0), (rates[Health].Expected, rates[Health].Represented, rates[Health].Apologies, rates[Health].Percent));
    }

    [Fact]
    public void The_rate_looks_at_the_12_months_up_to_and_including_the_as_at_day_only()
    {
        // Health missed both meetings of November 2025 and the one after the as-at day, and attended the three between.
        var meetings = new[]
        {
            Meeting("2025-11-23", (Police, AttendanceStatus.Attended)), // one day too early for an as-at of 2026-11-23
            Meeting("2025-11-24", (Police, AttendanceStatus.Attended)),
            Meeting("2026-03-10", (Police, AttendanceStatus.Attended), (Health, AttendanceStatus.Attended)),
            Meeting("2026-07-10", (Police, AttendanceStatus.Attended), (Health, AttendanceStatus.Attended)),
            Meeting("2026-11-23", (Police, AttendanceStatus.Attended), (Health, AttendanceStatus.Attended)),
            Meeting("2026-11-24", (Police, AttendanceStatus.Attended)), // after the as-at day
        };

        Assert.Equal(new DateOnly(2025, 11, 24), BoardAttendance.WindowStart(new DateOnly(2026, 11, 23)));
        var health = BoardAttendance.Rates(meetings, new DateOnly(2026, 11, 23)).Single(r => r.Organisation == Health);
        Assert.Equal((4, 3, 75.0), (health.Expected, health.Represented, health.Percent));

        // The window rolls a day at a time: a day earlier it holds both missed November 2025 meetings; a day later it
        // has left the second behind and taken in the missed meeting of 24 November 2026.
        var earlier = BoardAttendance.Rates(meetings, new DateOnly(2026, 11, 22)).Single(r => r.Organisation == Health);
        Assert.Equal((4, 2, 50.0), (earlier.Expected, earlier.Represented, earlier.Percent));
        var later = BoardAttendance.Rates(meetings, new DateOnly(2026, 11, 24)).Single(r => r.Organisation == Health);
        Assert.Equal((4, 3), (later.Expected, later.Represented));
        Assert.Equal(AttendanceStatus.Absent, meetings[^1].Attendance.Single(a => a.Organisation == Health).Status);
    }

    [Fact]
    public void Members_below_the_threshold_are_escalated_and_one_exactly_at_it_is_not()
    {
        var meetings = new[]
        {
            Meeting("2026-02-01", (Police, AttendanceStatus.Attended), (Health, AttendanceStatus.Attended), (Wcc, AttendanceStatus.Attended)),
            Meeting("2026-04-01", (Police, AttendanceStatus.Attended), (Health, AttendanceStatus.Apologies), (Wcc, AttendanceStatus.Attended)),
            Meeting("2026-06-01", (Police, AttendanceStatus.Apologies), (Health, AttendanceStatus.Apologies), (Wcc, AttendanceStatus.Attended)),
            Meeting("2026-08-01", (Police, AttendanceStatus.SentDeputy), (Wcc, AttendanceStatus.Attended)),
        };
        var asAt = new DateOnly(2026, 9, 1);

        // Police 3 of 4 (75 %), health 1 of 4 (25 %), Westminster 4 of 4.
        Assert.Equal([Health], BoardAttendance.Escalations(meetings, asAt, 75).Select(r => r.Organisation));
        Assert.Equal([Health, Police], BoardAttendance.Escalations(meetings, asAt, 76).Select(r => r.Organisation));
        Assert.Empty(BoardAttendance.Escalations(meetings, asAt, 25));
    }

    [Fact]
    public void A_meeting_whose_attendance_is_not_recorded_counts_neither_way()
    {
        var unrecorded = Meeting("2026-05-01") with { Attendance = [], Version = 1, AttendanceRecorded = null };
        var recorded = Meeting("2026-06-01", (Health, AttendanceStatus.Attended));
        var health = BoardAttendance.Rates([unrecorded, recorded], new DateOnly(2026, 9, 1)).Single(r => r.Organisation == Health);
        Assert.Equal((1, 1), (health.Expected, health.Represented));
    }
}
