using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
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
public sealed partial class SyncGrpcService(
    IGrainFactory grains, IdentifierKeys identifierKeys, AuditWriter audit, TimeProvider clock, IConfiguration configuration, NewGrainIds newIds)
    : V1.SyncService.SyncServiceBase
{
    /// <summary>The most records one batch may carry.</summary>
    public const int MaxBatch = RequestLimits.SyncBatch;

    /// <summary>The most records of one child a grain call applies, so that a call stays far below the Orleans call timeout.</summary>
    private const int RecordsPerCall = 50;

    /// <summary>How long a batch may take before what is not finished is answered RESEND (<c>Sync:BatchSeconds</c>, default 20).</summary>
    private readonly TimeSpan batchTime = TimeSpan.FromSeconds(configuration.GetValue("Sync:BatchSeconds", 20.0) is var seconds and > 0 and <= 600
        ? seconds
        : throw new InvalidOperationException("Sync:BatchSeconds must be more than 0 and at most 600."));

    /// <summary>The fields of a ChangeRecord outside its content, which a rejection may name as they are.</summary>
    private static readonly HashSet<string> ChangeRecordFields = new(StringComparer.Ordinal) { "source_id", "version", "kind", "child_case_id", "purge" };

    /// <inheritdoc />
    public override async Task Push(IAsyncStreamReader<V1.PushRequest> requestStream, IServerStreamWriter<V1.PushResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var access = AccessPolicy.CanSyncCaseSystem(caller);
        if (!access.Allowed)
        {
            await audit.Record(AuditSubjects.Organisation(caller.Organisation), "sync.push", caller, AccessPurpose.CaseSync.Name(), null, "denied", access.Reason);
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
            response.Outcomes.AddRange(await Apply(batch.Records, caller, children, context.CancellationToken));
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    /// <summary>
    /// Applies a batch and answers it within the batch's time: what is not finished by then, or failed in a part of the
    /// hub (a grain call timing out, the store refusing a write), is answered RESEND, and work not started by then is
    /// not started, so a resend finds each record either stored (DUPLICATE) or not.
    /// </summary>
    private async Task<IEnumerable<V1.RecordOutcome>> Apply(
        IReadOnlyList<V1.ChangeRecord> records, Caller caller, ConcurrentDictionary<string, string> children, CancellationToken cancel)
    {
        var outcomes = new SyncOutcome?[records.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var work = Apply(records, caller, children, outcomes, stop.Token);
        var finished = await Task.WhenAny(work, Task.Delay(batchTime, clock, stop.Token)) == work;
        var answered = outcomes.ToArray();
        await stop.CancelAsync();
        if (!finished)
        {
            // Not awaited: it stops at its next step, and a failure there has already been answered RESEND.
            _ = work.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }

        var reason = finished ? "a part of the hub failed before it was stored: send it again." : $"not finished within the batch's {batchTime.TotalSeconds:0.#} seconds: send it again.";
        return answered.Select((o, i) => ToMessage(o ?? SyncOutcome.Resend(records[i].SourceId, reason)));
    }

    /// <summary>
    /// Applies a batch child by child, every child of the batch at once (a batch holds at most
    /// <see cref="MaxBatch"/> records): a child's details first, so that its care records in the same batch find the
    /// child they register, then its care records in the order sent. No child waits for another's records.
    /// </summary>
    private Task Apply(IReadOnlyList<V1.ChangeRecord> records, Caller caller, ConcurrentDictionary<string, string> children, SyncOutcome?[] outcomes, CancellationToken stop)
    {
        var today = LondonTime.DateOf(clock.GetUtcNow());
        return Task.WhenAll(Enumerable.Range(0, records.Count)
            .GroupBy(i => records[i].ChildCaseId.Trim(), StringComparer.Ordinal)
            .Select(child => ApplyForChild(child.Key, [.. child], records, caller, today, children, outcomes, stop)));
    }

    /// <summary>
    /// One child's records of a batch (<paramref name="indexes"/> into <paramref name="records"/>, in the order sent).
    /// What is not settled when a step fails or the batch's time is up stays unanswered (RESEND), and so do the
    /// records after it.
    /// </summary>
    private async Task ApplyForChild(
        string caseId, int[] indexes, IReadOnlyList<V1.ChangeRecord> records, Caller caller, DateOnly today,
        ConcurrentDictionary<string, string> children, SyncOutcome?[] outcomes, CancellationToken stop)
    {
        foreach (var i in indexes.Where(i => records[i].ContentCase == V1.ChangeRecord.ContentOneofCase.Child))
        {
            if (stop.IsCancellationRequested || await Settle(() => ApplyChild(records[i], caller, today, children)) is not { } outcome)
            {
                return;
            }

            outcomes[i] = outcome;
        }

        var careRecords = indexes.Where(i => records[i].ContentCase != V1.ChangeRecord.ContentOneofCase.Child).ToList();
        if (careRecords.Count == 0 || stop.IsCancellationRequested)
        {
            return;
        }

        // A lookup that fails leaves the child's records unanswered (RESEND); a record rejected on its own is still answered.
        var found = caseId.Length == 0 ? null : await Settle(async () => new ChildLookup(await ChildOf(caller.Organisation, caseId, children)));
        var childId = found?.ChildId;
        var work = new List<(int Index, SyncedCareRecord Change)>();
        foreach (var i in careRecords)
        {
            var violations = new Violations();
            var change = Read(records[i], today, violations);
            if (change is null)
            {
                outcomes[i] = new SyncOutcome(records[i].SourceId, SyncStatus.Rejected, null, violations.Items);
            }
            else if (childId is not null)
            {
                work.Add((i, change));
            }
            else if (found is not null)
            {
                outcomes[i] = SyncOutcome.Rejected(change.SourceId, "child_case_id", "no child in the hub has this case id of your borough: send the child's details first.");
            }
        }

        // A few records at a time, so that each grain call stays well under the call timeout; once one part is not
        // done, the rest of the child's records wait for the resend.
        if (childId is null)
        {
            return;
        }

        var grain = grains.GetGrain<IChildCareGrain>(childId);
        foreach (var part in work.Chunk(RecordsPerCall))
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            // The child's grain stores its audit record with the records it applies.
            var applied = await Settle(() => grain.ApplySynced([.. part.Select(w => w.Change)], caller));
            if (applied is null)
            {
                return;
            }

            foreach (var (item, outcome) in part.Zip(applied))
            {
                outcomes[item.Index] = NamedAsSent(outcome, records[item.Index]);
            }
        }
    }

    /// <summary>A child found (or not) by case id, as a value a failed lookup can be told apart from.</summary>
    private sealed record ChildLookup(string? ChildId);

    /// <summary>
    /// Runs one step of a batch; null when a part of the hub failed (a grain call timing out, the store refusing),
    /// so that its records are answered RESEND rather than the stream failing after part of the batch was stored.
    /// </summary>
    private static async Task<T?> Settle<T>(Func<Task<T>> step)
        where T : class
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
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
        Task<SyncOutcome> Apply(string id) => grains.GetGrain<IChildGrain>(id).ApplySyncedDetails(sourceId, version, registration!, caller);
        var (childId, outcome) = known is null ? await newIds.WithNewId(Apply) : (known, await Apply(known));
        if (known is null && outcome.Status == SyncStatus.Rejected && await ChildOf(caller.Organisation, caseId, children) is { } registered)
        {
            // The case id was taken meanwhile: by an earlier send of these details answered RESEND that finished after
            // all (or another stream). The details go to that child, which answers DUPLICATE for the same version.
            (known, childId) = (registered, registered);
            outcome = await Apply(childId);
        }
        if (known is not null || outcome.Status != SyncStatus.Rejected)
        {
            // The child's grain recorded the outcome in its trail (a rejected new child was never created and has none).
            children[caseId] = childId;
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
                SyncStatus.Resend => V1.ChangeOutcome.Resend,
                _ => V1.ChangeOutcome.Rejected,
            },
        };
        message.Reasons.AddRange(outcome.Violations.Select(v => new V1.RejectionReason { Field = v.Field, Description = v.Description }));
        return message;
    }
}
