using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.PrivateFostering;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Grains.PrivateFostering;

/// <summary>The persisted state of a borough's private fostering register.</summary>
public sealed class PrivateFosteringRegisterState
{
    /// <summary>Every arrangement notified to the borough, oldest first.</summary>
    public List<PrivateFosteringArrangement> Arrangements { get; set; } = [];
}

/// <summary>
/// One borough's private fostering notifications. Its social workers record notifications, moves and ends; when a
/// child moves, this register notifies the receiving borough's register before closing its own arrangement.
/// </summary>
public sealed class PrivateFosteringRegisterGrain(
    [PersistentState("private-fostering", StorageNames.Hub)] IPersistentState<PrivateFosteringRegisterState> state,
    TimeProvider clock) : Grain, IPrivateFosteringRegisterGrain
{
    private string Borough => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<CallResult<PrivateFosteringArrangement>> Notify(PrivateFosteringNotice notice, Caller caller)
    {
        if (await GrainFactory.GetGrain<IChildMashGrain>(notice.ChildId).ResponsibleBorough() is null)
        {
            return CallResult<PrivateFosteringArrangement>.NotFound("child_id", "no child has this id");
        }

        var access = AccessPolicy.CanHandlePrivateFostering(caller, Borough);
        if (!access.Allowed)
        {
            return CallResult<PrivateFosteringArrangement>.Denied(access.Reason);
        }

        if (state.State.Arrangements.Any(a => a.Notice.ChildId == notice.ChildId && a.Status == ArrangementStatus.Active))
        {
            return CallResult<PrivateFosteringArrangement>.Conflict("the child already has an active private fostering arrangement in this borough; end it or record the move first");
        }

        var arrangement = New(notice, null, null, Stamp(caller));
        await Add(arrangement);
        return CallResult<PrivateFosteringArrangement>.Done(arrangement, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<PrivateFosteringArrangement>> RecordMove(string arrangementId, PrivateFosteringMove move, Caller caller)
    {
        var (arrangement, refused) = Open(arrangementId, caller, "move_date", move.MoveDate);
        if (refused is not null)
        {
            return refused;
        }

        if (move.ReceivingBorough == Borough)
        {
            return CallResult<PrivateFosteringArrangement>.Invalid("receiving_borough", "is this borough; record a move within the borough as a new arrangement");
        }

        // The receiving borough is notified first: if closing here then fails, a retry finds the transfer already
        // received rather than a child notified nowhere.
        var by = Stamp(caller);
        var moved = arrangement! with { Move = move };
        var received = await GrainFactory.GetGrain<IPrivateFosteringRegisterGrain>(move.ReceivingBorough).ReceiveTransfer(moved, Today(), by);
        var closed = moved with
        {
            Status = ArrangementStatus.Moved,
            EndDate = move.MoveDate,
            ReceivingArrangementId = received.ArrangementId,
            Closed = by,
        };
        await Replace(arrangement, closed);
        return CallResult<PrivateFosteringArrangement>.Done(closed, $"moved to {move.ReceivingBorough}, notified as arrangement {received.ArrangementId}");
    }

    /// <inheritdoc />
    public async Task<CallResult<PrivateFosteringArrangement>> RecordVisit(string arrangementId, DateOnly date, bool childSeen, bool childSeenAlone, Caller caller)
    {
        var (arrangement, refused) = Active(arrangementId, caller);
        if (refused is not null)
        {
            return refused;
        }

        var violations = new Violations();
        PrivateFosteringRules.CheckVisit(violations, arrangement!.Notice.NotificationDate, date, childSeen, childSeenAlone, Today());
        if (!violations.IsEmpty)
        {
            return CallResult<PrivateFosteringArrangement>.Invalid(violations.Items[0].Field, violations.Items[0].Description);
        }

        if (arrangement.VisitsMade.Any(v => v.Date == date))
        {
            return CallResult<PrivateFosteringArrangement>.Conflict($"a visit on {date:yyyy-MM-dd} is already recorded");
        }

        var visited = arrangement with
        {
            Visits = [.. arrangement.VisitsMade.Append(new PrivateFosteringVisit(date, childSeen, childSeenAlone, Stamp(caller))).OrderBy(v => v.Date)],
        };
        await Replace(arrangement, visited);
        return CallResult<PrivateFosteringArrangement>.Done(visited, $"visit on {date:yyyy-MM-dd}; next due {visited.NextVisitDue:yyyy-MM-dd}");
    }

    /// <inheritdoc />
    public async Task<CallResult<PrivateFosteringArrangement>> End(string arrangementId, DateOnly endDate, Caller caller)
    {
        var (arrangement, refused) = Open(arrangementId, caller, "end_date", endDate);
        if (refused is not null)
        {
            return refused;
        }

        var ended = arrangement! with { Status = ArrangementStatus.Ended, EndDate = endDate, Closed = Stamp(caller) };
        await Replace(arrangement, ended);
        return CallResult<PrivateFosteringArrangement>.Done(ended, "ended");
    }

    /// <inheritdoc />
    public Task<CallResult<IReadOnlyList<PrivateFosteringArrangement>>> List(Caller caller)
    {
        var access = AccessPolicy.CanHandlePrivateFostering(caller, Borough);
        return Task.FromResult(access.Allowed
            ? CallResult<IReadOnlyList<PrivateFosteringArrangement>>.Done([.. state.State.Arrangements], access.Reason)
            : CallResult<IReadOnlyList<PrivateFosteringArrangement>>.Denied(access.Reason));
    }

    /// <inheritdoc />
    public Task<string?> ChildOf(string arrangementId) =>
        Task.FromResult(state.State.Arrangements.FirstOrDefault(a => a.ArrangementId == arrangementId)?.Notice.ChildId);

    /// <inheritdoc />
    public async Task<PrivateFosteringArrangement> ReceiveTransfer(PrivateFosteringArrangement moved, DateOnly notified, RecordedBy by)
    {
        if (state.State.Arrangements.FirstOrDefault(a => a.SourceArrangementId == moved.ArrangementId) is { } already)
        {
            return already;
        }

        var notice = new PrivateFosteringNotice(
            moved.Notice.ChildId, notified, moved.Move!.MoveDate, NotificationSource.TransferFromAnotherBorough, moved.Move.PostcodeDistrict);
        var arrangement = New(notice, moved.Borough, moved.ArrangementId, by);
        await Add(arrangement);
        return arrangement;
    }

    private PrivateFosteringArrangement New(PrivateFosteringNotice notice, string? transferredFrom, string? sourceArrangementId, RecordedBy by) =>
        new(Guid.NewGuid().ToString("N"), Borough, notice, PrivateFosteringRules.InitialVisitDue(notice.NotificationDate),
            ArrangementStatus.Active, null, transferredFrom, sourceArrangementId, null, null, by, null);

    /// <summary>
    /// Finds an active arrangement the caller may close on <paramref name="closeDate"/>; the refusal to answer with
    /// when it cannot be found, the caller may not, it is closed already or the date does not fit.
    /// </summary>
    private (PrivateFosteringArrangement? Arrangement, CallResult<PrivateFosteringArrangement>? Refused) Open(
        string arrangementId, Caller caller, string dateField, DateOnly closeDate)
    {
        var (arrangement, refused) = Active(arrangementId, caller);
        if (refused is not null)
        {
            return (null, refused);
        }

        var violations = new Violations();
        PrivateFosteringRules.CheckEnd(violations, dateField, arrangement!.Notice.StartDate, closeDate, Today());
        return violations.IsEmpty
            ? (arrangement, null)
            : (null, CallResult<PrivateFosteringArrangement>.Invalid(dateField, violations.Items[0].Description));
    }

    /// <summary>
    /// Finds an active arrangement the caller may act on; the refusal to answer with when it cannot be found, the
    /// caller may not, or it is closed already.
    /// </summary>
    private (PrivateFosteringArrangement? Arrangement, CallResult<PrivateFosteringArrangement>? Refused) Active(string arrangementId, Caller caller)
    {
        var access = AccessPolicy.CanHandlePrivateFostering(caller, Borough);
        if (!access.Allowed)
        {
            return (null, CallResult<PrivateFosteringArrangement>.Denied(access.Reason));
        }

        var arrangement = state.State.Arrangements.FirstOrDefault(a => a.ArrangementId == arrangementId);
        if (arrangement is null)
        {
            return (null, CallResult<PrivateFosteringArrangement>.NotFound("arrangement_id", "this borough has no arrangement with this id"));
        }

        return arrangement.Status == ArrangementStatus.Active
            ? (arrangement, null)
            : (null, CallResult<PrivateFosteringArrangement>.Conflict($"the arrangement is already {arrangement.Status.ToString().ToLowerInvariant()}"));
    }

    private async Task Add(PrivateFosteringArrangement arrangement)
    {
        state.State.Arrangements.Add(arrangement);
        await WriteOrUndo(() => state.State.Arrangements.Remove(arrangement));
    }

    private async Task Replace(PrivateFosteringArrangement before, PrivateFosteringArrangement after)
    {
        var index = state.State.Arrangements.IndexOf(before);
        state.State.Arrangements[index] = after;
        await WriteOrUndo(() => state.State.Arrangements[index] = before);
    }

    /// <summary>Writes the state; if the write fails, undoes the in-memory change so memory never runs ahead of storage.</summary>
    private async Task WriteOrUndo(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    private RecordedBy Stamp(Caller caller) => new(caller.Organisation, caller.Role, caller.UserId, clock.GetUtcNow());

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());
}
