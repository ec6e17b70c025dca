using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Board.V1;

namespace PartnershipHub.Api.Board;

/// <summary>Checks the board API's requests field by field and turns its records into messages.</summary>
public static class BoardMessages
{
    /// <summary>The longest title or source.</summary>
    public const int ShortText = 200;

    /// <summary>The longest detail or note.</summary>
    public const int LongText = 4000;

    /// <summary>The longest reason for a change.</summary>
    public const int ReasonText = 2000;

    /// <summary>A board's id: its safeguarding partnership agreement's id, 1 to 64 lower-case letters, digits and hyphens.</summary>
    public static string Board(Violations violations, string value)
    {
        var board = value.Trim();
        if (board.Length is 0 or > 64 || !board.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            violations.Add("board", "must be the id of a safeguarding partnership agreement, e.g. lscb-triborough (1 to 64 lower-case letters, digits and hyphens).");
        }

        return board;
    }

    /// <summary>The version a change is made against: 1 or more.</summary>
    public static void ExpectedVersion(Violations violations, int version)
    {
        if (version < 1)
        {
            violations.Add("expected_version", "is required: the version of the record being changed (1 or more), as last read.");
        }
    }

    /// <summary>An organisation code that may be left empty; null when it is.</summary>
    public static string? OptionalOrganisation(Violations violations, string field, string value)
    {
        var code = value.Trim();
        if (code.Length == 0)
        {
            return null;
        }

        FieldChecks.OrganisationCode(violations, field, code);
        return code;
    }

    /// <summary>A required value of a protobuf enumeration that matches a domain one by number; null (with a violation) when unset or unknown.</summary>
    public static TDomain? Choice<TMessage, TDomain>(Violations violations, string field, TMessage value, params TMessage[] accepted)
        where TMessage : struct, System.Enum
        where TDomain : struct, System.Enum
    {
        if (accepted.Contains(value))
        {
            return (TDomain)(object)Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        violations.Add(field, $"is required: {string.Join(", ", accepted.Select(Name))}.");
        return null;
    }

    /// <summary>The kinds a list asks for; every kind when none is named.</summary>
    public static IReadOnlySet<BoardItemKind> Kinds(Violations violations, IReadOnlyList<V1.BoardItemKind> kinds)
    {
        var chosen = kinds.Select((k, i) => Choice<V1.BoardItemKind, BoardItemKind>(violations, $"kinds[{i}]", k, ItemKinds)).OfType<BoardItemKind>().ToHashSet();
        return chosen.Count > 0 ? chosen : System.Enum.GetValues<BoardItemKind>().ToHashSet();
    }

    /// <summary>The kinds an item can be.</summary>
    public static V1.BoardItemKind[] ItemKinds { get; } =
        [V1.BoardItemKind.ScrutinyAction, V1.BoardItemKind.CaseReviewRecommendation, V1.BoardItemKind.AuditRecommendation];

    /// <summary>The new item a request describes, or null with its violations.</summary>
    public static BoardItemDraft? ToDraft(V1.CreateItemRequest request, out Violations violations)
    {
        violations = new Violations();
        var board = Board(violations, request.Board);
        var kind = Choice<V1.BoardItemKind, BoardItemKind>(violations, "kind", request.Kind, ItemKinds);
        var title = FieldChecks.RequiredLabel(violations, "title", request.Title, ShortText);
        var detail = FieldChecks.OptionalText(violations, "detail", request.Detail, LongText);
        var source = FieldChecks.RequiredLabel(violations, "source", request.Source, ShortText);
        var assignedTo = request.AssignedTo.Trim();
        FieldChecks.OrganisationCode(violations, "assigned_to", assignedTo);
        var due = IsoDates.Required(violations, "due_date", request.DueDate);
        return violations.IsEmpty ? new BoardItemDraft(board, kind!.Value, title, detail, source, assignedTo, due!.Value) : null;
    }

    /// <summary>The attendance a request records, or the violations found; each expected member at most once.</summary>
    public static IReadOnlyList<MemberAttendance> ToAttendance(Violations violations, IReadOnlyList<V1.MemberAttendance> entries)
    {
        var attendance = new List<MemberAttendance>();
        for (var i = 0; i < entries.Count; i++)
        {
            var organisation = entries[i].Organisation.Trim();
            FieldChecks.OrganisationCode(violations, $"attendance[{i}].organisation", organisation);
            if (attendance.Any(a => a.Organisation == organisation))
            {
                violations.Add($"attendance[{i}].organisation", "is named twice.");
            }

            var status = Choice<V1.AttendanceStatus, AttendanceStatus>(violations, $"attendance[{i}].status", entries[i].Status,
                V1.AttendanceStatus.Attended, V1.AttendanceStatus.SentDeputy, V1.AttendanceStatus.Apologies, V1.AttendanceStatus.Absent);
            attendance.Add(new MemberAttendance(organisation, status ?? AttendanceStatus.None));
        }

        return attendance;
    }

    /// <summary>An item as the API shows it; overdue as judged on <paramref name="today"/>.</summary>
    public static V1.Item ToMessage(BoardItem item, DateOnly today)
    {
        var message = new V1.Item
        {
            ItemId = item.ItemId,
            Board = item.Draft.Board,
            Kind = (V1.BoardItemKind)item.Draft.Kind,
            Title = item.Draft.Title,
            Detail = item.Draft.Detail,
            Source = item.Draft.Source,
            AssignedTo = item.AssignedTo,
            DueDate = IsoDates.Write(item.DueDate),
            Status = (V1.BoardItemStatus)item.Status,
            Version = item.Version,
            Overdue = BoardItemRules.IsOverdue(item.Summary(), today),
        };
        message.Notes.AddRange(item.Notes.Select(n => new V1.Note { Kind = (V1.NoteKind)n.Kind, Text = n.Text, By = CommonMessages.ToMessage(n.By) }));
        message.Changes.AddRange(item.Changes.Select(c => new V1.ItemChange
        {
            Status = (V1.BoardItemStatus)c.Status,
            DueDate = IsoDates.Write(c.DueDate),
            AssignedTo = c.AssignedTo,
            Reason = c.Reason,
            By = CommonMessages.ToMessage(c.By),
        }));
        return message;
    }

    /// <summary>What a list shows of an item; overdue as judged on <paramref name="asAt"/>.</summary>
    public static V1.ItemSummary ToMessage(BoardItemSummary item, DateOnly asAt) => new()
    {
        ItemId = item.ItemId,
        Kind = (V1.BoardItemKind)item.Kind,
        Title = item.Title,
        AssignedTo = item.AssignedTo,
        DueDate = IsoDates.Write(item.DueDate),
        Status = (V1.BoardItemStatus)item.Status,
        Version = item.Version,
        NoteCount = item.NoteCount,
        LastActivityAt = Timestamp.FromDateTimeOffset(item.LastActivityAt),
        Overdue = BoardItemRules.IsOverdue(item, asAt),
    };

    /// <summary>A meeting as the API shows it.</summary>
    public static V1.Meeting ToMessage(BoardMeeting meeting)
    {
        var message = new V1.Meeting
        {
            MeetingId = meeting.MeetingId,
            Board = meeting.Board,
            Date = IsoDates.Write(meeting.Date),
            Title = meeting.Title,
            Version = meeting.Version,
            ScheduledBy = CommonMessages.ToMessage(meeting.Scheduled),
            AttendanceRecordedBy = meeting.AttendanceRecorded is { } by ? CommonMessages.ToMessage(by) : null,
        };
        message.ExpectedMembers.AddRange(meeting.ExpectedMembers);
        message.Attendance.AddRange(meeting.Attendance.Select(a => new V1.MemberAttendance { Organisation = a.Organisation, Status = (V1.AttendanceStatus)a.Status }));
        return message;
    }

    /// <summary>A member's attendance rate as the API shows it.</summary>
    public static V1.AttendanceRate ToMessage(AttendanceRate rate, bool escalate) => new()
    {
        Organisation = rate.Organisation,
        Expected = rate.Expected,
        Attended = rate.Attended,
        Deputised = rate.Deputised,
        Apologies = rate.Apologies,
        Absent = rate.Absent,
        Percent = rate.Percent,
        Escalate = escalate,
    };

    /// <summary>The proto name of an enumeration value, e.g. <c>SENT_DEPUTY</c>.</summary>
    private static string Name<TMessage>(TMessage value)
        where TMessage : struct, System.Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
