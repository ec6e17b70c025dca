using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Care;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Grains.Children;

/// <summary>The persisted care records of a child, each with every version it has had.</summary>
public sealed class ChildCareState
{
    /// <summary>Every record ever entered, withdrawn ones included, in the order they were entered.</summary>
    public List<CareRecordEntry> Records { get; set; } = [];
}

/// <summary>The care side of a child's record.</summary>
public sealed partial class ChildGrain : IChildCareGrain
{
    /// <inheritdoc />
    public async Task<CallResult<CareRecordEntry>> SaveRecord(string? recordId, int? expectedVersion, CareRecord record, string reason, Caller caller)
    {
        const string Action = "care.record.save";
        var (access, refusal) = CanRecordCare<CareRecordEntry>(caller);
        if (refusal is not null)
        {
            return await Unchanged(refusal, Action, AccessPurpose.CaseManagement, caller);
        }

        CareRecordEntry? existing = null;
        if (recordId is not null)
        {
            var (found, problem) = FindRecord(recordId, expectedVersion);
            if (problem is not null)
            {
                return await Unchanged(problem, Action, AccessPurpose.CaseManagement, caller);
            }

            existing = found!;
            if (existing.Kind != record.Kind)
            {
                return await Unchanged(CallResult<CareRecordEntry>.Invalid("record", $"is a {record.Kind}; record {recordId} is a {existing.Kind}"), Action, AccessPurpose.CaseManagement, caller);
            }
        }

        var resolution = new Violations();
        record = CareRecordRules.ResolveSourceIds(resolution, record, sourceId => RecordOfSource(caller.Organisation, sourceId));
        var violation = resolution.Items.FirstOrDefault() ?? FirstViolation(record, except: recordId);
        if (violation is not null)
        {
            return await Unchanged(CallResult<CareRecordEntry>.Invalid(violation.Field, violation.Description), Action, AccessPurpose.CaseManagement, caller);
        }

        var by = Stamp(caller);
        var saved = existing is null
            ? new CareRecordEntry(Guid.NewGuid().ToString("N"), record.Kind, [new CareRevision(1, record, CareChange.Created, reason, by)])
            : existing.With(record, CareChange.Corrected, reason, by);
        await Replace([(existing, saved)], AuditOf(Action, caller, AccessPurpose.CaseManagement, "done",
            $"{saved.Kind} record {saved.RecordId} {(existing is null ? "entered" : "corrected")}, version {saved.Version}; {access.Reason}"));
        return CallResult<CareRecordEntry>.Done(saved, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<CareRecordEntry>> WithdrawRecord(string recordId, int expectedVersion, string reason, Caller caller)
    {
        const string Action = "care.record.withdraw";
        var (access, refusal) = CanRecordCare<CareRecordEntry>(caller);
        if (refusal is not null)
        {
            return await Unchanged(refusal, Action, AccessPurpose.CaseManagement, caller);
        }

        var (existing, problem) = FindRecord(recordId, expectedVersion);
        if (problem is not null)
        {
            return await Unchanged(problem, Action, AccessPurpose.CaseManagement, caller);
        }

        var withdrawn = existing!.With(null, CareChange.Withdrawn, reason, Stamp(caller));
        await Replace([(existing, withdrawn)], AuditOf(Action, caller, AccessPurpose.CaseManagement, "done",
            $"{withdrawn.Kind} record {withdrawn.RecordId} withdrawn as entered in error, version {withdrawn.Version}; {access.Reason}"));
        return CallResult<CareRecordEntry>.Done(withdrawn, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<IReadOnlyList<CareRecordEntry>>> ChangeEpisode(CareEpisode next, string reason, Caller caller)
    {
        const string Action = "care.episode.change";
        var (access, refusal) = CanRecordCare<IReadOnlyList<CareRecordEntry>>(caller);
        if (refusal is not null)
        {
            return await Unchanged(refusal, Action, AccessPurpose.CaseManagement, caller);
        }

        var current = Care.Records.FirstOrDefault(r => r.Current is CareEpisode { EndDate: null } episode && episode.StartDate < next.StartDate);
        if (current?.Current is not CareEpisode open)
        {
            return await Unchanged(CallResult<IReadOnlyList<CareRecordEntry>>.Conflict(
                $"the child has no open episode of care that started before {next.StartDate:yyyy-MM-dd}; record an episode instead"), Action, AccessPurpose.CaseManagement, caller);
        }

        var ended = open with { EndDate = next.StartDate, ReasonCeased = CareEpisode.ContinuesInNewEpisode };
        var following = next.LegalStatus.Length == 0 ? next with { LegalStatus = open.LegalStatus } : next;
        var violation = FirstViolation(ended, except: current.RecordId)
            ?? FirstViolation(following, except: current.RecordId, also: new IdentifiedRecord(current.RecordId, ended));
        if (violation is not null)
        {
            return await Unchanged(CallResult<IReadOnlyList<CareRecordEntry>>.Invalid(violation.Field, violation.Description), Action, AccessPurpose.CaseManagement, caller);
        }

        var by = Stamp(caller);
        var closed = current.With(ended, CareChange.Corrected, reason, by);
        var opened = new CareRecordEntry(Guid.NewGuid().ToString("N"), CareRecordKind.CareEpisode, [new CareRevision(1, following, CareChange.Created, reason, by)]);
        await Replace([(current, closed), (null, opened)], AuditOf(Action, caller, AccessPurpose.CaseManagement, "done",
            $"episode {closed.RecordId} ended and episode {opened.RecordId} started {next.StartDate:yyyy-MM-dd}; {access.Reason}"));
        return CallResult<IReadOnlyList<CareRecordEntry>>.Done([closed, opened], access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<ChildCareRecord>> GetCareRecord(AccessPurpose purpose, Caller caller)
    {
        var (access, refusal) = await CanReadCare<ChildCareRecord>(purpose, caller);
        if (refusal is not null)
        {
            return refusal;
        }

        var standing = Care.Records.Where(r => r.Current is not null).OrderBy(r => r.Current!.Date).ToList();
        var summary = CareSummary.Of(Standing(), Today());
        return CallResult<ChildCareRecord>.Done(new ChildCareRecord(state.State.Child!, standing, summary), access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<CareRecordEntry>> GetRecordHistory(string recordId, AccessPurpose purpose, Caller caller)
    {
        var (access, refusal) = await CanReadCare<CareRecordEntry>(purpose, caller);
        if (refusal is not null)
        {
            return refusal;
        }

        var entry = Care.Records.FirstOrDefault(r => r.RecordId == recordId);
        return entry is null
            ? CallResult<CareRecordEntry>.NotFound("record_id", "this child has no care record with this id")
            : CallResult<CareRecordEntry>.Done(entry, access.Reason);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SyncOutcome>> ApplySynced(IReadOnlyList<SyncedCareRecord> changes, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return [.. changes.Select(c => SyncOutcome.Rejected(c.SourceId, "child_case_id", NoChild))];
        }

        var (agreements, today) = (await Agreements(), Today());
        var snapshot = Care.Records.ToList();
        var by = Stamp(caller);
        var changed = new List<CareRecordEntry>();
        var outcomes = new List<SyncOutcome>();
        foreach (var change in changes)
        {
            var access = AccessPolicy.CanSyncCareRecord(caller, child.Details.ResponsibleBorough, change.Kind, agreements, today);
            var outcome = access.Allowed ? ApplySynced(change, caller.Organisation, by) : SyncOutcome.Rejected(change.SourceId, "kind", access.Reason);
            outcomes.Add(outcome);
            if (outcome.Status == SyncStatus.Applied)
            {
                changed.Add(Care.Records.First(r => r.RecordId == outcome.RecordId));
            }
        }

        var audit = AuditOf("sync.apply", caller, AccessPurpose.CaseSync, "done", SyncOutcomes.Describe(outcomes));
        if (changed.Count > 0)
        {
            await Store(audit, changed.Select(CareChanged), () => Care.Records = snapshot);
        }
        else
        {
            await Deliver();
            await Trail().Append(audit);
        }

        return outcomes;
    }

    /// <summary>Applies one synced record to the state in memory; the caller stores the lot.</summary>
    private SyncOutcome ApplySynced(SyncedCareRecord change, string borough, RecordedBy by)
    {
        var index = Care.Records.FindIndex(r => r.Source is { } s && s.Borough == borough && s.SourceId == change.SourceId);
        var existing = index < 0 ? null : Care.Records[index];
        if (existing is not null && existing.Kind != change.Kind)
        {
            return SyncOutcome.Rejected(change.SourceId, "kind", $"the borough's record {change.SourceId} is a {existing.Kind} in the hub, not a {change.Kind}");
        }

        var source = new SyncSource(borough, change.SourceId, change.Version);
        if (change.Record is null)
        {
            if (existing?.Current is null)
            {
                return new SyncOutcome(change.SourceId, SyncStatus.Duplicate, existing?.RecordId, []);
            }

            Care.Records[index] = existing.With(null, CareChange.Withdrawn, "purged by the borough's case system", by) with { Source = source };
            return new SyncOutcome(change.SourceId, SyncStatus.Applied, existing.RecordId, []);
        }

        if (existing?.Source?.Version == change.Version)
        {
            return new SyncOutcome(change.SourceId, SyncStatus.Duplicate, existing.RecordId, []);
        }

        var resolution = new Violations();
        var record = CareRecordRules.ResolveSourceIds(resolution, change.Record, sourceId => RecordOfSource(borough, sourceId));
        var violations = resolution.IsEmpty ? Violations(record, except: existing?.RecordId) : resolution.Items;
        if (violations.Count > 0)
        {
            return new SyncOutcome(change.SourceId, SyncStatus.Rejected, existing?.RecordId, violations);
        }

        if (existing is null)
        {
            var created = new CareRecordEntry(Guid.NewGuid().ToString("N"), change.Kind,
                [new CareRevision(1, record, CareChange.Created, SyncedReason, by)], source);
            Care.Records.Add(created);
            return new SyncOutcome(change.SourceId, SyncStatus.Applied, created.RecordId, []);
        }

        Care.Records[index] = existing.With(record, CareChange.Corrected, SyncedReason, by) with { Source = source };
        return new SyncOutcome(change.SourceId, SyncStatus.Applied, existing.RecordId, []);
    }

    private const string SyncedReason = "synced from the borough's case system";

    /// <summary>The child's date of birth when it is known (not expected or unknown).</summary>
    private DateOnly? KnownBirthDate() =>
        state.State.Child?.Details is { BirthDateStatus: Abstractions.Children.BirthDateStatus.Known } details ? details.BirthDate : null;

    /// <summary>The hub's id of the standing record <paramref name="borough"/>'s case system sent as <paramref name="sourceId"/>.</summary>
    private string? RecordOfSource(string borough, string sourceId) =>
        Care.Records.FirstOrDefault(r => r.Current is not null && r.Source is { } s && s.Borough == borough && s.SourceId == sourceId)?.RecordId;

    private (AccessDecision Access, CallResult<T>? Refusal) CanRecordCare<T>(Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return (AccessDecision.Deny(NoChild), CallResult<T>.NotFound("child_id", NoChild));
        }

        var access = AccessPolicy.CanRecordCare(caller, child.Details.ResponsibleBorough);
        return (access, access.Allowed ? null : CallResult<T>.Denied(access.Reason));
    }

    private async Task<(AccessDecision Access, CallResult<T>? Refusal)> CanReadCare<T>(AccessPurpose purpose, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return (AccessDecision.Deny(NoChild), CallResult<T>.NotFound("child_id", NoChild));
        }

        var access = AccessPolicy.CanReadCareRecord(caller, child.Details.ResponsibleBorough, purpose, await Agreements(), Today());
        return (access, access.Allowed ? null : CallResult<T>.Denied(access.Reason));
    }

    /// <summary>Finds a record the caller means to change, checking they have its latest version and it still stands.</summary>
    private (CareRecordEntry? Entry, CallResult<CareRecordEntry>? Problem) FindRecord(string recordId, int? expectedVersion)
    {
        var entry = Care.Records.FirstOrDefault(r => r.RecordId == recordId);
        if (entry is null)
        {
            return (null, CallResult<CareRecordEntry>.NotFound("record_id", "this child has no care record with this id"));
        }

        if (expectedVersion != entry.Version)
        {
            return (null, CallResult<CareRecordEntry>.Stale($"record {recordId} is at version {entry.Version}, not {expectedVersion}"));
        }

        return entry.Current is null
            ? (null, CallResult<CareRecordEntry>.Conflict($"record {recordId} was withdrawn as entered in error"))
            : (entry, null);
    }

    /// <summary>The first way <paramref name="record"/> breaks the rules against the child's other standing records.</summary>
    private FieldViolation? FirstViolation(CareRecord record, string? except, IdentifiedRecord? also = null) =>
        Violations(record, except, also).FirstOrDefault();

    /// <summary>Every way <paramref name="record"/> breaks the rules against the child's other standing records, except <paramref name="except"/>.</summary>
    private IReadOnlyList<FieldViolation> Violations(CareRecord record, string? except, IdentifiedRecord? also = null)
    {
        var violations = new Violations();
        var others = Standing().Where(r => r.Id != except).Concat(also is null ? [] : [also]).ToList();
        CareRecordRules.Check(violations, record, others);
        if (violations.IsEmpty)
        {
            CareRecordRules.CheckAfterBirth(violations, record, KnownBirthDate());
        }

        return violations.Items;
    }

    private List<IdentifiedRecord> Standing() =>
        [.. Care.Records.Where(r => r.Current is not null).Select(r => new IdentifiedRecord(r.RecordId, r.Current!))];

    /// <summary>Puts the changed entries in place (a null "before" adds one) and stores them with their audit record and changes, or undoes them if the write fails.</summary>
    private async Task Replace(IReadOnlyList<(CareRecordEntry? Before, CareRecordEntry After)> changes, AuditEntry audit)
    {
        var snapshot = Care.Records.ToList();
        foreach (var (before, after) in changes)
        {
            if (before is null)
            {
                Care.Records.Add(after);
            }
            else
            {
                Care.Records[Care.Records.IndexOf(before)] = after;
            }
        }

        await Store(audit, changes.Select(c => CareChanged(c.After)), () => Care.Records = snapshot);
    }
}
