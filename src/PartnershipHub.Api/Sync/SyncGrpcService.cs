using System.Collections.Concurrent;
using Grpc.Core;
using PartnershipHub.Abstractions.Care;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Api.Care;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Api.Sync;

/// <summary>
/// Case-system sync. The push side (here): reads a batch, checks each record on its own, finds each record's child by
/// the borough's case id, has each child's grain apply its records in order (stored before it answers), records
/// one audit entry per child and batch, and answers the batch before reading the next. The watch side is in
/// SyncWatch.cs.
/// </summary>
public sealed partial class SyncGrpcService(IGrainFactory grains, IdentifierKeys identifierKeys, AuditWriter audit, TimeProvider clock)
    : V1.SyncService.SyncServiceBase
{
    /// <summary>The most records one batch may carry.</summary>
    public const int MaxBatch = RequestLimits.SyncBatch;

    /// <summary>How many children of one batch are registered or updated at once.</summary>
    private const int ChildrenAtOnce = 16;

    /// <summary>The fields of a ChangeRecord outside its content, which a rejection may name as they are.</summary>
    private static readonly HashSet<string> ChangeRecordFields = new(StringComparer.Ordinal) { "source_id", "version", "kind", "child_case_id", "purge" };

    /// <inheritdoc />
    public override async Task Push(IAsyncStreamReader<V1.PushRequest> requestStream, IServerStreamWriter<V1.PushResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var access = AccessPolicy.CanSyncCaseSystem(caller);
        if (!access.Allowed)
        {
            await audit.Record(AuditWriter.OrganisationSubject(caller.Organisation), "sync.push", caller, SharingPurposes.CaseSync, null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var children = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (batch.Records.Count is 0 or > MaxBatch)
            {
                throw RpcErrors.InvalidArgument("records", $"must have 1 to {MaxBatch} changes.");
            }

            var response = new V1.PushResponse();
            response.Outcomes.AddRange(await Apply(batch.Records, caller, children));
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    private async Task<IEnumerable<V1.RecordOutcome>> Apply(IReadOnlyList<V1.ChangeRecord> records, Caller caller, ConcurrentDictionary<string, string> children)
    {
        var today = LondonTime.DateOf(clock.GetUtcNow());
        var outcomes = new SyncOutcome[records.Count];

        // Children's details first, so that care records in the same batch find a child registered by it: several
        // children at once, one child's details in the order sent.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, records.Count)
                .Where(i => records[i].ContentCase == V1.ChangeRecord.ContentOneofCase.Child)
                .GroupBy(i => records[i].ChildCaseId.Trim(), StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ChildrenAtOnce },
            async (child, _) =>
            {
                foreach (var i in child)
                {
                    outcomes[i] = await ApplyChild(records[i], caller, today, children);
                }
            });

        // The children of the care records, each looked up once and all at once.
        await Task.WhenAll(Enumerable.Range(0, records.Count).Where(i => outcomes[i] is null)
            .Select(i => records[i].ChildCaseId.Trim()).Where(caseId => caseId.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(caseId => ChildOf(caller.Organisation, caseId, children)));

        var work = new List<(int Index, string ChildId, SyncedCareRecord Change)>();
        for (var i = 0; i < records.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                continue;
            }

            var violations = new Violations();
            var change = Read(records[i], today, violations);
            var childId = change is null ? null : await ChildOf(caller.Organisation, records[i].ChildCaseId.Trim(), children);
            if (change is null)
            {
                outcomes[i] = new SyncOutcome(records[i].SourceId, SyncStatus.Rejected, null, violations.Items);
            }
            else if (childId is null)
            {
                outcomes[i] = SyncOutcome.Rejected(change.SourceId, "child_case_id", "no child in the hub has this case id of your borough: send the child's details first.");
            }
            else
            {
                work.Add((i, childId, change));
            }
        }

        await Task.WhenAll(work.GroupBy(w => w.ChildId).Select(async child =>
        {
            var applied = await grains.GetGrain<IChildCareGrain>(child.Key).ApplySynced([.. child.Select(w => w.Change)], caller);
            foreach (var (item, outcome) in child.Zip(applied))
            {
                outcomes[item.Index] = NamedAsSent(outcome, records[item.Index]);
            }

            await audit.Record(AuditWriter.ChildSubject(child.Key), "sync.apply", caller, SharingPurposes.CaseSync, null, "done", Describe(applied));
        }));

        return outcomes.Select(ToMessage);
    }

    /// <summary>Applies a child's details: registers the child or updates their names and date of birth.</summary>
    private async Task<SyncOutcome> ApplyChild(V1.ChangeRecord record, Caller caller, DateOnly today, ConcurrentDictionary<string, string> children)
    {
        var violations = new Violations();
        var (sourceId, version, caseId) = CheckIdentity(record, violations);
        if (record.Purge)
        {
            violations.Add("purge", "must be false for a child's details: children are not deleted through sync.");
        }

        if (record.Kind != Contracts.Care.V1.CareRecordKind.Unspecified)
        {
            violations.Add("kind", "must be unspecified for a child's details.");
        }

        var details = record.Child;
        var registration = ChildRequestMapping.ToRegistration(
            new Contracts.Children.V1.RegisterChildRequest
            {
                ResponsibleBorough = caller.Organisation,
                GivenName = details.GivenName,
                FamilyName = details.FamilyName,
                BirthDate = details.BirthDate,
                Identifiers = new Contracts.Children.V1.ChildIdentifiers
                {
                    NhsNumber = details.NhsNumber,
                    UniquePupilNumber = details.UniquePupilNumber,
                    BoroughCaseIds = { new Contracts.Children.V1.BoroughCaseId { Borough = caller.Organisation, CaseId = caseId } },
                },
            },
            today, out var detailViolations, "child.", namesOptional: true);
        violations.Include(detailViolations);
        if (!violations.IsEmpty)
        {
            return new SyncOutcome(record.SourceId, SyncStatus.Rejected, null, violations.Items);
        }

        var known = await ChildOf(caller.Organisation, caseId, children);
        var childId = known ?? Guid.NewGuid().ToString("N");
        var outcome = await grains.GetGrain<IChildGrain>(childId).ApplySyncedDetails(sourceId, version, registration!, caller);
        if (known is not null || outcome.Status != SyncStatus.Rejected)
        {
            // A rejected new child was never created, so there is no trail to write to.
            children[caseId] = childId;
            await audit.Record(AuditWriter.ChildSubject(childId), "sync.child", caller, SharingPurposes.CaseSync, null, "done", Describe([outcome]));
        }

        return outcome;
    }

    /// <summary>Checks the fields every change carries: the borough's id for it, its version and the child's case id.</summary>
    private static (string SourceId, string Version, string CaseId) CheckIdentity(V1.ChangeRecord record, Violations violations) => (
        FieldChecks.RequiredLabel(violations, "source_id", record.SourceId, 64),
        FieldChecks.RequiredLabel(violations, "version", record.Version, 128),
        FieldChecks.RequiredLabel(violations, "child_case_id", record.ChildCaseId, 64));

    /// <summary>Reads one change and checks it on its own; null when it is rejected.</summary>
    private static SyncedCareRecord? Read(V1.ChangeRecord record, DateOnly today, Violations violations)
    {
        var (sourceId, version, _) = CheckIdentity(record, violations);
        var kind = (CareRecordKind)record.Kind;
        if (kind == CareRecordKind.None || !Enum.IsDefined(kind))
        {
            violations.Add("kind", "is required: the kind of care record.");
        }

        CareRecord? content = null;
        if (record.Purge)
        {
            if (record.CareRecord is not null)
            {
                violations.Add("care_record", "must be unset for a purge.");
            }
        }
        else if (record.CareRecord is null)
        {
            violations.Add("care_record", "is required unless the change is a purge.");
        }
        else
        {
            var contentViolations = new Violations($"care_record.{CareMessages.FieldName(record.CareRecord)}.");
            content = CareMessages.ToDomain(record.CareRecord, today, contentViolations);
            violations.Include(contentViolations);
            if (content is not null && content.Kind != kind)
            {
                violations.Add("kind", $"is {record.Kind} but care_record holds a {content.Kind}.");
            }
        }

        return violations.IsEmpty ? new SyncedCareRecord(sourceId, version, kind, content) : null;
    }

    /// <summary>
    /// The child registered with the borough's case id, remembered for the rest of the stream once found (a case id
    /// not found yet is asked again: the child may be registered while the stream goes on).
    /// </summary>
    private async Task<string?> ChildOf(string borough, string caseId, ConcurrentDictionary<string, string> known)
    {
        if (known.TryGetValue(caseId, out var childId))
        {
            return childId;
        }

        var holder = await grains.GetGrain<IIdentifierIndexGrain>(identifierKeys.ForBoroughCaseId(borough, caseId)).Holder();
        if (holder is not null)
        {
            known[caseId] = holder;
        }

        return holder;
    }

    /// <summary>
    /// Names the fields of a record's rule violations as in the ChangeRecord that was sent (the rules name them within
    /// the record, e.g. <c>review_date</c> becomes <c>care_record.care_review.review_date</c>).
    /// </summary>
    private static SyncOutcome NamedAsSent(SyncOutcome outcome, V1.ChangeRecord record) =>
        outcome.Status != SyncStatus.Rejected || record.CareRecord is null
            ? outcome
            : outcome with
            {
                Violations = [.. outcome.Violations.Select(v => ChangeRecordFields.Contains(v.Field)
                    ? v
                    : v with { Field = $"care_record.{CareMessages.FieldName(record.CareRecord)}.{v.Field}" })],
            };

    private static string Describe(IReadOnlyList<SyncOutcome> outcomes) =>
        string.Join(", ", Enum.GetValues<SyncStatus>().Select(s => $"{outcomes.Count(o => o.Status == s)} {s.ToString().ToLowerInvariant()}"))
        + $" (source records {string.Join(' ', outcomes.Select(o => o.SourceId))})";

    private static V1.RecordOutcome ToMessage(SyncOutcome outcome)
    {
        var message = new V1.RecordOutcome
        {
            SourceId = outcome.SourceId,
            RecordId = outcome.RecordId ?? string.Empty,
            Outcome = outcome.Status switch
            {
                SyncStatus.Applied => V1.ChangeOutcome.Applied,
                SyncStatus.Duplicate => V1.ChangeOutcome.Duplicate,
                _ => V1.ChangeOutcome.Rejected,
            },
        };
        message.Reasons.AddRange(outcome.Violations.Select(v => new V1.RejectionReason { Field = v.Field, Description = v.Description }));
        return message;
    }
}
