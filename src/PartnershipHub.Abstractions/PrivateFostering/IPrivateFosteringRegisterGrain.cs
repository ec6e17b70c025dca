using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.PrivateFostering;

/// <summary>
/// One borough's register of private fostering notifications, keyed by the borough's ONS code. Only that borough's
/// social workers record and read it; a refused or failed call changes nothing. Each change is stored with its audit
/// record for the child's trail, which the register delivers (a call that changes nothing is the caller's to record).
/// </summary>
public interface IPrivateFosteringRegisterGrain : IOutboxGrain
{
    /// <summary>Records a notification about a registered child; a child has at most one active arrangement per borough.</summary>
    Task<CallResult<PrivateFosteringArrangement>> Notify(PrivateFosteringNotice notice, Caller caller);

    /// <summary>
    /// Records that the child moved to another borough: closes this arrangement as moved, naming the arrangement id the
    /// receiving borough's register will give it, with the transfer to that register in the same write, then delivers it.
    /// </summary>
    Task<CallResult<PrivateFosteringArrangement>> RecordMove(string arrangementId, PrivateFosteringMove move, Caller caller);

    /// <summary>Records a visit to the child of an active arrangement, one a day, on or after the notification.</summary>
    Task<CallResult<PrivateFosteringArrangement>> RecordVisit(string arrangementId, DateOnly date, bool childSeen, bool childSeenAlone, Caller caller);

    /// <summary>Records that the arrangement ended.</summary>
    Task<CallResult<PrivateFosteringArrangement>> End(string arrangementId, DateOnly endDate, Caller caller);

    /// <summary>The borough's arrangements, oldest notification first.</summary>
    Task<CallResult<IReadOnlyList<PrivateFosteringArrangement>>> List(Caller caller);

    /// <summary>The child an arrangement is about, or null when the register has no such arrangement (for the audit trail).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<string?> ChildOf(string arrangementId);

    /// <summary>The arrangements moved away from this borough or received by transfer into it (for the consistency check).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<PrivateFosteringArrangement>> Transfers();

    /// <summary>
    /// Stores the transfer of an arrangement moved away again, then delivers it: for the consistency check's repair of
    /// a receiving register that holds no arrangement transferred from it (it receives an arrangement once).
    /// </summary>
    /// <returns>1 when the transfer was sent again, 0 when no arrangement moved away has this id.</returns>
    Task<int> ResendTransfer(string arrangementId);

    /// <summary>
    /// Adds a notification received by transfer from another borough's register, which sends this when its child
    /// moves here, under the id the moved arrangement names as <see cref="PrivateFosteringArrangement.ReceivingArrangementId"/>.
    /// Idempotent: a repeated transfer of the same arrangement returns the one already received.
    /// </summary>
    /// <remarks>
    /// Interleaves: the sending register delivers from inside its own call or timer tick, and this register may at
    /// that moment be delivering a transfer to the sender; the register makes its changes one at a time itself.
    /// </remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<PrivateFosteringArrangement> ReceiveTransfer(PrivateFosteringArrangement moved, DateOnly notified, RecordedBy by);
}
