using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Grains.Children;

/// <summary>
/// The persisted state of a child grain: the whole record in one stored row (details, MASH case, care records and
/// what the partnership's totals hold of it) with the follow-ups of its last changes (<see cref="FollowUp"/>).
/// </summary>
public sealed class ChildState : IFollowUpState
{
    /// <summary>The layout of this row; a row without it was written by a hub that kept a child in four rows.</summary>
    public int Layout { get; set; }

    /// <summary>The child's record, once registered.</summary>
    public ChildRecord? Child { get; set; }

    /// <summary>The version of the child's details the borough's case system sent last, when it sent them.</summary>
    public string? SyncVersion { get; set; }

    /// <summary>The MASH side: contacts with their enquiries, consent and sharing decisions.</summary>
    public ChildMashState Mash { get; set; } = new();

    /// <summary>The care records, each with every version it has had.</summary>
    public ChildCareState Care { get; set; } = new();

    /// <summary>The child's contributions as the partnership's totals hold them once the follow-ups are delivered.</summary>
    public Dictionary<string, long> MeasuresSent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What must follow the stored changes and is not known to have been delivered, oldest first.</summary>
    public List<FollowUp> FollowUps { get; set; } = [];

    /// <summary>The delivery id of the last follow-up made; ids only grow, so every target can tell a repeat.</summary>
    public long LastFollowUp { get; set; }

    /// <summary>The sequence of the latest change of each stream made for the borough's change feed (the check compares its markers).</summary>
    public Dictionary<ChangeStream, long> FeedSequences { get; set; } = [];
}

/// <summary>
/// One child's record: registration here, the MASH side in ChildGrain.Mash.cs, care records in ChildGrain.Care.cs, details synced from a case system in ChildGrain.Sync.cs, the minimised row of a partnership extract in ChildGrain.Extract.cs, and in ChildGrain.FollowUps.cs
/// the one way every change is stored: in one write with its audit record and what must follow it (inboxes, boards,
/// roster, change feed, totals), delivered afterwards at least once. Re-checks the access policy for every call,
/// whatever the API layer decided.
/// </summary>
public sealed partial class ChildGrain(
    [PersistentState("child", StorageNames.Hub)] IPersistentState<ChildState> state,
    IdentifierKeys identifierKeys,
    ResponseTimes responseTimes,
    TimeProvider clock) : Grain, IChildGrain
{
    /// <summary>The MASH side of the child's stored state.</summary>
    private ChildMashState Mash => state.State.Mash;

    /// <summary>The care records of the child's stored state.</summary>
    private ChildCareState Care => state.State.Care;

    /// <inheritdoc />
    public Task<RegistrationOutcome> Register(ChildRegistration registration, AccessPurpose purpose, Caller caller) =>
        Register(registration, caller, null, decision => AuditOf("child.register", caller, purpose, "created", decision.Reason));

    /// <summary>
    /// Registers the child (with the version of the details a case system sent, when it sent them) and stores the
    /// audit entry <paramref name="audit"/> makes of the access decision with it.
    /// </summary>
    private async Task<RegistrationOutcome> Register(ChildRegistration registration, Caller caller, string? syncVersion, Func<AccessDecision, AuditEntry> audit)
    {
        if (state.State.Child is not null)
        {
            return new RegistrationOutcome(RegistrationStatus.AlreadyRegistered, null, "child_id");
        }

        var decision = AccessPolicy.CanRegisterChild(caller, registration.ResponsibleBorough);
        if (!decision.Allowed)
        {
            return new RegistrationOutcome(RegistrationStatus.Denied, null, decision.Reason);
        }

        foreach (var caseId in registration.BoroughCaseIds)
        {
            var use = AccessPolicy.CanUseCaseId(caller, caseId.Borough);
            if (!use.Allowed)
            {
                return new RegistrationOutcome(RegistrationStatus.Denied, null, use.Reason);
            }
        }

        var childId = this.GetPrimaryKeyString();
        var claimed = new List<IIdentifierIndexGrain>();
        var possibleDuplicates = new List<(string Field, string Holder)>();
        IReadOnlyList<PartnershipAgreement>? agreements = null;
        try
        {
            foreach (var (field, key) in IndexKeys(registration))
            {
                var index = GrainFactory.GetGrain<IIdentifierIndexGrain>(key);
                var holder = await index.Claim(childId);
                if (holder != childId)
                {
                    agreements ??= await GrainFactory.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
                    var holderBorough = await GrainFactory.GetGrain<IChildMashGrain>(holder).ResponsibleBorough();
                    var day = LondonTime.DateOf(clock.GetUtcNow());
                    if (holderBorough is null || AccessPolicy.CanMatchByIdentifier(caller, holderBorough, agreements, day).Allowed)
                    {
                        await ReleaseAll(claimed, childId);
                        return new RegistrationOutcome(RegistrationStatus.IdentifierInUse, null, field);
                    }

                    // Held by a child the caller may not know of: this borough's own claim on it instead, so the
                    // caller learns nothing and the other borough is told below.
                    index = GrainFactory.GetGrain<IIdentifierIndexGrain>(IdentifierKeys.WithinBorough(key, registration.ResponsibleBorough));
                    if (await index.Claim(childId) != childId)
                    {
                        await ReleaseAll(claimed, childId);
                        return new RegistrationOutcome(RegistrationStatus.IdentifierInUse, null, field);
                    }

                    possibleDuplicates.Add((field, holder));
                }

                claimed.Add(index);
            }

            var record = new ChildRecord(childId, registration, clock.GetUtcNow(), caller.Organisation, caller.UserId);
            (state.State.Child, state.State.SyncVersion) = (record, syncVersion);
            await Store(audit(decision), [DetailsChanged(record), id => new RosterFollowUp(id, registration.ResponsibleBorough),
                .. possibleDuplicates.Select(d => PossibleDuplicate(d.Field, d.Holder, registration.ResponsibleBorough, caller))],
                () => (state.State.Child, state.State.SyncVersion) = (null, null));
            return new RegistrationOutcome(RegistrationStatus.Registered, record, null);
        }
        catch
        {
            if (state.State.Child is null || !state.RecordExists)
            {
                state.State.Child = null;
                await ReleaseAll(claimed, childId);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<ChildReadOutcome> Read(Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return Task.FromResult(new ChildReadOutcome(ReadStatus.NotFound, null, "no child has this id"));
        }

        var decision = AccessPolicy.CanReadChild(caller, child.Details.ResponsibleBorough);
        return Task.FromResult(decision.Allowed
            ? new ChildReadOutcome(ReadStatus.Found, child, decision.Reason)
            : new ChildReadOutcome(ReadStatus.Denied, null, decision.Reason));
    }

    /// <inheritdoc />
    public Task<bool> IsRegistered() => Task.FromResult(state.State.Child is not null);

    /// <inheritdoc />
    public async Task<CallResult<BoroughCaseId>> LinkCaseId(string caseId, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return CallResult<BoroughCaseId>.NotFound("child_id", "no child has this id");
        }

        var agreements = await GrainFactory.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        var access = AccessPolicy.CanLinkCaseId(caller, child.Details.ResponsibleBorough, agreements, LondonTime.DateOf(clock.GetUtcNow()));
        if (!access.Allowed)
        {
            return await Unchanged(CallResult<BoroughCaseId>.Denied(access.Reason), LinkAction, AccessPurpose.CaseSync, caller);
        }

        var linked = new BoroughCaseId(caller.Organisation, caseId);
        var held = child.Details.BoroughCaseIds.FirstOrDefault(c => c.Borough == caller.Organisation);
        if (held == linked)
        {
            await Deliver();
            await Trail().Append(AuditOf(LinkAction, caller, AccessPurpose.CaseSync, "done", $"case id of {linked.Borough} already linked; {access.Reason}"));
            return CallResult<BoroughCaseId>.Done(linked, "already linked; " + access.Reason);
        }

        if (held is not null)
        {
            return await Unchanged(CallResult<BoroughCaseId>.Invalid("case_id", "differs from the case id your borough has linked to this child; a child has one case id per borough."), LinkAction, AccessPurpose.CaseSync, caller);
        }

        var childId = this.GetPrimaryKeyString();
        var index = GrainFactory.GetGrain<IIdentifierIndexGrain>(identifierKeys.ForBoroughCaseId(linked.Borough, linked.CaseId));
        if (await index.Claim(childId) != childId)
        {
            return await Unchanged(CallResult<BoroughCaseId>.Invalid("case_id", "is linked to another child in the hub."), LinkAction, AccessPurpose.CaseSync, caller);
        }

        state.State.Child = child with { Details = child.Details with { BoroughCaseIds = [.. child.Details.BoroughCaseIds, linked] } };
        try
        {
            await Store(AuditOf(LinkAction, caller, AccessPurpose.CaseSync, "done", $"case id of {linked.Borough} linked; {access.Reason}"),
                [DetailsChanged(state.State.Child)], () => state.State.Child = child);
        }
        catch when (state.State.Child == child)
        {
            // Not stored (the write failed and was undone): the claim goes too.
            await index.Release(childId);
            throw;
        }

        return CallResult<BoroughCaseId>.Done(linked, access.Reason);
    }

    private const string LinkAction = "child.case-id.link";

    /// <summary>
    /// An audit record for the trail of the child already holding one of this child's identifiers (a child of a borough
    /// the caller may not know of) that this child may be the same child, so that borough's managers can follow it up;
    /// stored with the registration and sent by its outbox straight to that trail. Nothing is said to the caller.
    /// </summary>
    private Func<long, FollowUp> PossibleDuplicate(string field, string holder, string borough, Caller caller) => id => new AuditFollowUp(id, new AuditEntry(
        "child.identifier.used-elsewhere", caller.Organisation, caller.Role, caller.UserId, AccessPurpose.CaseManagement.Name(), null, "flagged",
        $"possible duplicate: {field} of this child was given for child {this.GetPrimaryKeyString()} of {borough}, a borough not sharing the MASH with this child's; that borough was not told of this child",
        clock.GetUtcNow()), AuditSubjects.Child(holder));

    private IEnumerable<(string Field, string Key)> IndexKeys(ChildRegistration registration)
    {
        if (registration.NhsNumber is { } nhs)
        {
            yield return ("identifiers.nhs_number", identifierKeys.ForNhsNumber(nhs));
        }

        if (registration.UniquePupilNumber is { } upn)
        {
            yield return ("identifiers.unique_pupil_number", identifierKeys.ForUniquePupilNumber(upn));
        }

        for (var i = 0; i < registration.BoroughCaseIds.Count; i++)
        {
            var caseId = registration.BoroughCaseIds[i];
            yield return ($"identifiers.borough_case_ids[{i}]", identifierKeys.ForBoroughCaseId(caseId.Borough, caseId.CaseId));
        }
    }

    private static Task ReleaseAll(IEnumerable<IIdentifierIndexGrain> claimed, string childId) =>
        Task.WhenAll(claimed.Select(index => index.Release(childId)));
}
