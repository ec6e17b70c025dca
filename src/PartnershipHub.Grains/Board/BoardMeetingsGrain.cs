using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains.Board;

/// <summary>The persisted state of a board's meetings and its outbox.</summary>
public sealed class BoardMeetingsState : IFollowUpState
{
    /// <summary>Every meeting, by date.</summary>
    public List<BoardMeeting> Meetings { get; set; } = [];

    /// <inheritdoc />
    public List<FollowUp> FollowUps { get; set; } = [];

    /// <inheritdoc />
    public long LastFollowUp { get; set; }
}

/// <summary>
/// One board's meetings and who came to them. A board meets about monthly with a few dozen member organisations, so
/// years of meetings stay far below the table entity limit. Each change is stored with its audit record for the
/// board's trail in one write, delivered at least once by its outbox (<see cref="Outbox{TState}"/>).
/// </summary>
public sealed class BoardMeetingsGrain(
    [PersistentState("board-meetings", StorageNames.Hub)] IPersistentState<BoardMeetingsState> state,
    TimeProvider clock) : OutboxGrain<BoardMeetingsState>(state), IBoardMeetingsGrain
{
    private string Board => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<CallResult<BoardMeeting>> Schedule(string meetingId, DateOnly date, string title, IReadOnlyList<string> expectedMembers, Caller caller)
    {
        var (access, today, refusal) = await Manage<BoardMeeting>(caller);
        if (refusal is not null)
        {
            return refusal;
        }

        if (State.State.Meetings.Any(m => m.MeetingId == meetingId))
        {
            return CallResult<BoardMeeting>.Conflict("a meeting with this id exists already");
        }

        var meeting = new BoardMeeting(meetingId, Board, date, title, expectedMembers, [], 1, BoardContext.Stamp(caller, clock), null);
        return await Save([.. State.State.Meetings, meeting], meeting, BoardAudit.Schedule, caller, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<BoardMeeting>> RecordAttendance(string meetingId, int expectedVersion, IReadOnlyList<MemberAttendance> attendance, Caller caller)
    {
        var (access, today, refusal) = await Manage<BoardMeeting>(caller);
        if (refusal is not null)
        {
            return refusal;
        }

        var meeting = State.State.Meetings.FirstOrDefault(m => m.MeetingId == meetingId);
        if (meeting is null)
        {
            return CallResult<BoardMeeting>.NotFound("meeting_id", "this board has no meeting with this id");
        }

        if (meeting.Version != expectedVersion)
        {
            return CallResult<BoardMeeting>.Stale($"the meeting is at version {meeting.Version}, not {expectedVersion}; read it again");
        }

        if (meeting.Date > today)
        {
            return CallResult<BoardMeeting>.Conflict($"the meeting is on {meeting.Date:yyyy-MM-dd}; attendance is recorded once it has been held");
        }

        var stranger = attendance.Select((a, i) => (a, i)).FirstOrDefault(x => !meeting.ExpectedMembers.Contains(x.a.Organisation));
        if (stranger.a is not null)
        {
            return CallResult<BoardMeeting>.Invalid($"attendance[{stranger.i}].organisation", "is not a member expected at this meeting.");
        }

        var recorded = meeting with
        {
            Attendance = BoardAttendance.Complete(meeting.ExpectedMembers, attendance),
            Version = meeting.Version + 1,
            AttendanceRecorded = BoardContext.Stamp(caller, clock),
        };
        return await Save([.. State.State.Meetings.Select(m => m == meeting ? recorded : m)], recorded, BoardAudit.Attendance, caller, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<IReadOnlyList<BoardMeeting>>> List(Caller caller)
    {
        var (access, today, refusal) = await Manage<IReadOnlyList<BoardMeeting>>(caller);
        return refusal ?? CallResult<IReadOnlyList<BoardMeeting>>.Done([.. State.State.Meetings], access.Reason);
    }

    /// <summary>Whether the caller manages this board today: the access decision, or the refusal to answer with.</summary>
    private async Task<(AccessDecision Access, DateOnly Today, CallResult<T>? Refusal)> Manage<T>(Caller caller)
    {
        if (await BoardContext.Load(GrainFactory, Board, clock) is not { } context)
        {
            return (AccessDecision.Deny("no such board"), default, BoardContext.NoBoard<T>());
        }

        var access = AccessPolicy.CanManageBoard(caller, Board, context.Agreements, context.Today);
        return (access, context.Today, access.Allowed ? null : CallResult<T>.Denied(access.Reason));
    }

    /// <summary>
    /// Stores the meetings, by date, with the audit record of the change to <paramref name="changed"/>
    /// (<paramref name="action"/>, done, the meeting as left and <paramref name="reason"/>) in one write, then delivers
    /// it; memory never runs ahead of storage.
    /// </summary>
    private async Task<CallResult<BoardMeeting>> Save(IEnumerable<BoardMeeting> meetings, BoardMeeting changed, string action, Caller caller, string reason)
    {
        var before = State.State.Meetings;
        State.State.Meetings = [.. meetings.OrderBy(m => m.Date).ThenBy(m => m.MeetingId, StringComparer.Ordinal)];
        var entry = new AuditEntry(action, caller.Organisation, caller.Role, caller.UserId, BoardAudit.Purpose, null, "done",
            $"{BoardAudit.Describe(changed)}; {reason}", clock.GetUtcNow());
        await Outbox.Store([id => new AuditFollowUp(id, entry, AuditSubjects.Board(Board))], () => State.State.Meetings = before);
        return CallResult<BoardMeeting>.Done(changed, reason);
    }

    /// <summary>Delivers the audit records to the board's trail, which takes each once.</summary>
    /// <inheritdoc />
    protected override Task DeliverKind(IReadOnlyList<FollowUp> followUps) => AuditFollowUps.Deliver(GrainFactory, AuditSubjects.Board(Board), followUps);
}
