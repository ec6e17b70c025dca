using Grpc.Core;
using PartnershipHub.Contracts.Board.V1;

namespace PartnershipHub.Host.Tests.Board;

/// <summary>What the board tests share: the tri-borough board, made-up agencies, actions and meetings.</summary>
public static class BoardScenario
{
    /// <summary>The tri-borough safeguarding partnership's board, seeded with the hub's agreements.</summary>
    public const string Board = "lscb-triborough";

    /// <summary>
    /// A made-up agency code no other test uses, so that tests sharing the hub (and the board) see only their own
    /// items and attendance.
    /// </summary>
    public static string NewAgency() => "agency-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A scrutiny action for <paramref name="assignedTo"/>, due on <paramref name="due"/>.</summary>
    public static CreateItemRequest Action(string assignedTo, string due, string title) => new()
    {
        Board = Board,
        Kind = BoardItemKind.ScrutinyAction,
        Title = title,
        Detail = "Agreed when the board scrutinised the quarterly dataset.",
        Source = "Dataset Q2: strategy discussions",
        AssignedTo = assignedTo,
        DueDate = due,
    };

    /// <summary>Schedules a meeting on <paramref name="date"/> and records its attendance (members not named: absent).</summary>
    public static async Task<Meeting> Meeting(
        BoardService.BoardServiceClient board, Metadata analyst, string date, string[] members, params (string Organisation, AttendanceStatus Status)[] attendance)
    {
        var meeting = (await board.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Board = Board,
            Date = date,
            Title = "Safeguarding partnership board",
            ExpectedMembers = { members },
        }, analyst)).Meeting;
        return (await board.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            Board = Board,
            MeetingId = meeting.MeetingId,
            ExpectedVersion = meeting.Version,
            Attendance = { attendance.Select(a => new MemberAttendance { Organisation = a.Organisation, Status = a.Status }) },
        }, analyst)).Meeting;
    }
}
