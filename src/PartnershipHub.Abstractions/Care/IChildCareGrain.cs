using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;

namespace PartnershipHub.Abstractions.Care;

/// <summary>
/// The care side of a child's record (the same grain as <see cref="Children.IChildGrain"/>): referrals,
/// assessments, Section 47 enquiries, conferences, plans, episodes of care, reviews, missing episodes, CSE risk,
/// adoption milestones and care leaver status, each with its history. Every call re-checks the access policy.
/// </summary>
public interface IChildCareGrain : IGrainWithStringKey
{
    /// <summary>
    /// Enters a record (<paramref name="recordId"/> null) or corrects one, when <paramref name="expectedVersion"/>
    /// is the stored version. The record is checked against the child's other records; nothing changes when it
    /// fails.
    /// </summary>
    Task<CallResult<CareRecordEntry>> SaveRecord(string? recordId, int? expectedVersion, CareRecord record, string reason, Caller caller);

    /// <summary>Withdraws a record entered in error; its history stays.</summary>
    Task<CallResult<CareRecordEntry>> WithdrawRecord(string recordId, int expectedVersion, string reason, Caller caller);

    /// <summary>
    /// Starts a looked-after child's next episode (a placement move or a change of legal status): the episode in
    /// force ends on the day <paramref name="next"/> starts (reason X1), in one change. An empty legal status keeps
    /// the current one.
    /// </summary>
    Task<CallResult<IReadOnlyList<CareRecordEntry>>> ChangeEpisode(CareEpisode next, string reason, Caller caller);

    /// <summary>
    /// Applies records a borough's case system sent, in order: each is entered, corrected (a new version), withdrawn
    /// (a purge), recognised as a duplicate or rejected with its reasons. The responsible borough's sync service
    /// writes any record; a partner borough's only the records of a service the two share that day. What is
    /// applied is stored before this returns, so an outcome is an acknowledgement.
    /// </summary>
    Task<IReadOnlyList<SyncOutcome>> ApplySynced(IReadOnlyList<SyncedCareRecord> changes, Caller caller);

    /// <summary>The child's care record for <paramref name="purpose"/>: the records that stand and their summary.</summary>
    Task<CallResult<ChildCareRecord>> GetCareRecord(Domain.Sharing.AccessPurpose purpose, Caller caller);

    /// <summary>One record with every version it has had.</summary>
    Task<CallResult<CareRecordEntry>> GetRecordHistory(string recordId, Domain.Sharing.AccessPurpose purpose, Caller caller);
}
