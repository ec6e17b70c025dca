using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.PrivateFostering;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains.PrivateFostering;

/// <summary>The persisted state of a borough's private fostering register: its arrangements and its outbox.</summary>
public sealed class PrivateFosteringRegisterState : IFollowUpState
{
    /// <summary>Every arrangement notified to the borough, oldest first.</summary>
    public List<PrivateFosteringArrangement> Arrangements { get; set; } = [];

    /// <inheritdoc />
    public List<FollowUp> FollowUps { get; set; } = [];

    /// <inheritdoc />
    public long LastFollowUp { get; set; }
}

/// <summary>
/// A child's arrangement closed here as moved, for the receiving borough's register to open under the id it names
/// (the register keeps one arrangement per source arrangement, so a repeat changes nothing).
/// </summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Moved">The arrangement as closed here, naming the receiving borough and arrangement id.</param>
/// <param name="Notified">The day the receiving borough is notified.</param>
public sealed record TransferFollowUp(long Id, PrivateFosteringArrangement Moved, DateOnly Notified) : FollowUp(Id);

/// <summary>
/// One borough's private fostering notifications. Its social workers record notifications, visits, moves and ends;
/// each change is stored with its audit record for the child's trail in one write, and when a child moves, the
/// arrangement is closed here with the transfer to the receiving borough's register in the same write. The register's
/// outbox (<see cref="Outbox{TState}"/>) delivers them at least once: the trail takes a record once by this register's
/// delivery id (<see cref="AuditSubjects.PrivateFosteringRegister"/> is the sender), the receiving register a transfer
/// once by its source arrangement, and records that in the child's trail the same way.
/// </summary>
/// <remarks>
/// Registers deliver transfers to each other from inside their own calls and timer ticks, so the receiving end,
/// <see cref="ReceiveTransfer"/>, interleaves with whatever the register is doing: were it queued behind the register's
/// own delivery, two boroughs moving children to each other at once would each wait for the other until the call timed
/// out. The register therefore makes its changes one at a time itself (<see cref="changing"/>, held from a change's
/// checks to its stored write), and delivers only after letting go.
/// </remarks>
public sealed class PrivateFosteringRegisterGrain(
    [PersistentState("private-fostering", StorageNames.Hub)] IPersistentState<PrivateFosteringRegisterState> state,
    TimeProvider clock) : OutboxGrain<PrivateFosteringRegisterState>(state), IPrivateFosteringRegisterGrain
{
    /// <summary>Held from a change's checks to its stored write, never while delivering (see the remarks above).</summary>
    private readonly SemaphoreSlim changing = new(1, 1);

    private string Borough => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<CallResult<PrivateFosteringArrangement>> Notify(PrivateFosteringNotice notice, Caller caller)
    {
        if (await GrainFactory.GetGrain<IChildMashGrain>(notice.ChildId).ResponsibleBorough() is null)
        {
            return CallResult<PrivateFosteringArrangement>.NotFound("child_id", "no child has this id");
        }

        return await ChangeAndDeliver(async () =>
        {
            var access = AccessPolicy.CanHandlePrivateFostering(caller, Borough);
            if (!access.Allowed)
            {
                return CallResult<PrivateFosteringArrangement>.Denied(access.Reason);
            }

            if (State.State.Arrangements.Any(a => a.Notice.ChildId == notice.ChildId && a.Status == ArrangementStatus.Active))
            {
                return CallResult<PrivateFosteringArrangement>.Conflict("the child already has an active private fostering arrangement in this borough; end it or record the move first");
            }

            var arrangement = New(notice, null, null, Stamp(caller));
            await Add(arrangement, Audit("private-fostering.notify", arrangement.Notified, arrangement,
                $"notified to {Borough} by {notice.Source}; initial visit due {arrangement.VisitDue:yyyy-MM-dd}; {access.Reason}"));
            return CallResult<PrivateFosteringArrangement>.Done(arrangement, access.Reason);
        });
    }

    /// <inheritdoc />
    public Task<CallResult<PrivateFosteringArrangement>> RecordMove(string arrangementId, PrivateFosteringMove move, Caller caller) => ChangeAndDeliver(async () =>
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

        // Closed here and the transfer to the receiving borough stored in one write: the child is never notified
        // nowhere, and a transfer not yet received goes again until it is.
        var closed = arrangement! with
        {
            Move = move,
            Status = ArrangementStatus.Moved,
            EndDate = move.MoveDate,
            ReceivingArrangementId = NewArrangementId(),
            Closed = Stamp(caller),
        };
        var notified = Today();
        var (to, receivingId) = (move.ReceivingBorough, closed.ReceivingArrangementId);
        var reason = $"moved to {to}, notified as arrangement {receivingId}";
        await Replace(arrangement, closed,
            Audit("private-fostering.move", closed.Closed!, closed, $"moved from {Borough} to {to} on {move.MoveDate:yyyy-MM-dd}; {to} notified as arrangement {receivingId}; {reason}"),
            id => new TransferFollowUp(id, closed, notified));
        return CallResult<PrivateFosteringArrangement>.Done(closed, reason);
    });

    /// <inheritdoc />
    public Task<CallResult<PrivateFosteringArrangement>> RecordVisit(string arrangementId, DateOnly date, bool childSeen, bool childSeenAlone, Caller caller) => ChangeAndDeliver(async () =>
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

        var visit = new PrivateFosteringVisit(date, childSeen, childSeenAlone, Stamp(caller));
        var visited = arrangement with { Visits = [.. arrangement.VisitsMade.Append(visit).OrderBy(v => v.Date)] };
        var reason = $"visit on {date:yyyy-MM-dd}; next due {visited.NextVisitDue:yyyy-MM-dd}";
        await Replace(arrangement, visited, Audit("private-fostering.visit", visit.Recorded, visited,
            $"visit on {date:yyyy-MM-dd} in {Borough} (child seen: {childSeen}, alone: {childSeenAlone}); next due {visited.NextVisitDue:yyyy-MM-dd}; {reason}"));
        return CallResult<PrivateFosteringArrangement>.Done(visited, reason);
    });

    /// <inheritdoc />
    public Task<CallResult<PrivateFosteringArrangement>> End(string arrangementId, DateOnly endDate, Caller caller) => ChangeAndDeliver(async () =>
    {
        var (arrangement, refused) = Open(arrangementId, caller, "end_date", endDate);
        if (refused is not null)
        {
            return refused;
        }

        var ended = arrangement! with { Status = ArrangementStatus.Ended, EndDate = endDate, Closed = Stamp(caller) };
        await Replace(arrangement, ended, Audit("private-fostering.end", ended.Closed!, ended, $"ended {endDate:yyyy-MM-dd} in {Borough}; ended"));
        return CallResult<PrivateFosteringArrangement>.Done(ended, "ended");
    });

    /// <inheritdoc />
    public Task<CallResult<IReadOnlyList<PrivateFosteringArrangement>>> List(Caller caller)
    {
        var access = AccessPolicy.CanHandlePrivateFostering(caller, Borough);
        return Task.FromResult(access.Allowed
            ? CallResult<IReadOnlyList<PrivateFosteringArrangement>>.Done([.. State.State.Arrangements], access.Reason)
            : CallResult<IReadOnlyList<PrivateFosteringArrangement>>.Denied(access.Reason));
    }

    /// <inheritdoc />
    public Task<string?> ChildOf(string arrangementId) =>
        Task.FromResult(State.State.Arrangements.FirstOrDefault(a => a.ArrangementId == arrangementId)?.Notice.ChildId);

    /// <inheritdoc />
    public Task<IReadOnlyList<PrivateFosteringArrangement>> Transfers() => Task.FromResult<IReadOnlyList<PrivateFosteringArrangement>>(
        [.. State.State.Arrangements.Where(a => a.Status == ArrangementStatus.Moved || a.SourceArrangementId is not null)]);

    /// <inheritdoc />
    public async Task<int> ResendTransfer(string arrangementId)
    {
        var resent = await OneChangeAtATime(async () =>
        {
            if (State.State.Arrangements.FirstOrDefault(a => a.ArrangementId == arrangementId && a.Status == ArrangementStatus.Moved) is not { } moved)
            {
                return 0;
            }

            // Notified the day the move was recorded, as the first transfer said.
            await Outbox.Write([id => new TransferFollowUp(id, moved, LondonTime.DateOf(moved.Closed!.At))], () => { });
            return 1;
        });

        await Outbox.Deliver();
        return resent;
    }

    /// <inheritdoc />
    public async Task<PrivateFosteringArrangement> ReceiveTransfer(PrivateFosteringArrangement moved, DateOnly notified, RecordedBy by)
    {
        var (received, isNew) = await OneChangeAtATime(async () =>
        {
            if (State.State.Arrangements.FirstOrDefault(a => a.SourceArrangementId == moved.ArrangementId) is { } already)
            {
                return (already, false);
            }

            var notice = new PrivateFosteringNotice(
                moved.Notice.ChildId, notified, moved.Move!.MoveDate, NotificationSource.TransferFromAnotherBorough, moved.Move.PostcodeDistrict);
            var arrangement = New(notice, moved.Borough, moved.ArrangementId, by) with { ArrangementId = moved.ReceivingArrangementId ?? NewArrangementId() };
            await Add(arrangement, Audit("private-fostering.receive", by, arrangement,
                $"received by {Borough} from {moved.Borough} (arrangement {moved.ArrangementId}) as arrangement {arrangement.ArrangementId}; initial visit due {arrangement.VisitDue:yyyy-MM-dd}"));
            return (arrangement, true);
        });

        if (isNew)
        {
            // Not after a repeat: two registers sending each other what they both hold would otherwise never stop.
            await Outbox.Deliver();
        }

        return received;
    }

    /// <summary>
    /// Delivers follow-ups of one kind, oldest first: transfers to the receiving boroughs' registers (each receives an
    /// arrangement once), audit records to the children's trails (each takes a record once by this register's delivery id).
    /// </summary>
    /// <inheritdoc />
    protected override async Task DeliverKind(IReadOnlyList<FollowUp> followUps)
    {
        if (followUps[0] is AuditFollowUp)
        {
            await AuditFollowUps.Deliver(GrainFactory, AuditSubjects.PrivateFosteringRegister(Borough), followUps);
            return;
        }

        foreach (var transfer in followUps.Cast<TransferFollowUp>())
        {
            var moved = transfer.Moved;
            await GrainFactory.GetGrain<IPrivateFosteringRegisterGrain>(moved.Move!.ReceivingBorough).ReceiveTransfer(moved, transfer.Notified, moved.Closed!);
        }
    }

    private static string NewArrangementId() => Guid.NewGuid().ToString("N");

    private PrivateFosteringArrangement New(PrivateFosteringNotice notice, string? transferredFrom, string? sourceArrangementId, RecordedBy by) =>
        new(NewArrangementId(), Borough, notice, PrivateFosteringRules.InitialVisitDue(notice.NotificationDate),
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

        var arrangement = State.State.Arrangements.FirstOrDefault(a => a.ArrangementId == arrangementId);
        if (arrangement is null)
        {
            return (null, CallResult<PrivateFosteringArrangement>.NotFound("arrangement_id", "this borough has no arrangement with this id"));
        }

        return arrangement.Status == ArrangementStatus.Active
            ? (arrangement, null)
            : (null, CallResult<PrivateFosteringArrangement>.Conflict($"the arrangement is already {arrangement.Status.ToString().ToLowerInvariant()}"));
    }

    /// <summary>Makes a change (its checks and its stored write) when no other change is under way (<see cref="changing"/>).</summary>
    private async Task<T> OneChangeAtATime<T>(Func<Task<T>> change)
    {
        await changing.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Makes a change one at a time, then delivers what the outbox holds, the change's follow-ups with it.</summary>
    private async Task<T> ChangeAndDeliver<T>(Func<Task<T>> change)
    {
        var result = await OneChangeAtATime(change);
        await Outbox.Deliver();
        return result;
    }

    /// <summary>Stores the register with the arrangement added and its audit record in one write; if the write fails memory never runs ahead of storage.</summary>
    private Task Add(PrivateFosteringArrangement arrangement, Func<long, FollowUp> audit)
    {
        State.State.Arrangements.Add(arrangement);
        return Outbox.Write([audit], () => State.State.Arrangements.Remove(arrangement));
    }

    /// <summary>Stores the register with an arrangement changed, its audit record and <paramref name="followUps"/> in one write.</summary>
    private Task Replace(PrivateFosteringArrangement before, PrivateFosteringArrangement after, Func<long, FollowUp> audit, params Func<long, FollowUp>[] followUps)
    {
        var index = State.State.Arrangements.IndexOf(before);
        State.State.Arrangements[index] = after;
        return Outbox.Write([audit, .. followUps], () => State.State.Arrangements[index] = before);
    }

    /// <summary>
    /// The audit record of a change of <paramref name="arrangement"/> for its child's trail, done by <paramref name="by"/>:
    /// what the API recorded for the call before the register stored it itself (action, outcome, detail).
    /// </summary>
    private Func<long, FollowUp> Audit(string action, RecordedBy by, PrivateFosteringArrangement arrangement, string detail) => id => new AuditFollowUp(
        id,
        new AuditEntry(action, by.Organisation, by.Role, by.UserId, AccessPurpose.CaseManagement.Name(), null, "done", detail, clock.GetUtcNow()),
        AuditSubjects.Child(arrangement.Notice.ChildId));

    private RecordedBy Stamp(Caller caller) => new(caller.Organisation, caller.Role, caller.UserId, clock.GetUtcNow());

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());
}
