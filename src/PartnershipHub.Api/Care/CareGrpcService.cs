using PartnershipHub.Abstractions;
using Grpc.Core;
using PartnershipHub.Abstractions.Care;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Care.V1;

namespace PartnershipHub.Api.Care;

/// <summary>
/// The care records API: validates each request field by field, establishes the caller from the token, calls the
/// child's grain (which applies the access policy and the rules between records) and records every read and write
/// in the child's audit trail, refusals included.
/// </summary>
public sealed class CareGrpcService(IGrainFactory grains, AuditWriter audit, TimeProvider clock) : V1.CareService.CareServiceBase
{
    private const int MaxReason = 2000;

    /// <inheritdoc />
    public override async Task<V1.SaveRecordResponse> SaveRecord(V1.SaveRecordRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var correction = request.RecordId.Length > 0;
        var reason = correction
            ? CheckChange(violations, request.RecordId, request.ExpectedVersion, request.Reason)
            : FieldChecks.OptionalText(violations, "reason", request.Reason, MaxReason);
        if (!correction && request.ExpectedVersion != 0)
        {
            violations.Add("expected_version", "is given only with record_id, to correct a record.");
        }

        var body = request.Record ?? new V1.CareRecordBody();
        var prefix = $"record.{CareMessages.FieldName(body)}.";
        var recordViolations = new Violations(body.KindCase == V1.CareRecordBody.KindOneofCase.None ? "record." : prefix);
        var record = CareMessages.ToDomain(body, Today(), recordViolations);
        violations.Include(recordViolations);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).SaveRecord(correction ? request.RecordId : null, correction ? request.ExpectedVersion : null, record!, reason, caller);
        var saved = await audit.ChildChange(request.ChildId, "care.record.save", caller, AccessPurpose.CaseManagement.Name(), Prefixed(result, prefix));
        return new V1.SaveRecordResponse { Record = CareMessages.ToMessage(saved) };
    }

    /// <inheritdoc />
    public override async Task<V1.WithdrawRecordResponse> WithdrawRecord(V1.WithdrawRecordRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var reason = CheckChange(violations, request.RecordId, request.ExpectedVersion, request.Reason);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).WithdrawRecord(request.RecordId, request.ExpectedVersion, reason, caller);
        var withdrawn = await audit.ChildChange(request.ChildId, "care.record.withdraw", caller, AccessPurpose.CaseManagement.Name(), result);
        return new V1.WithdrawRecordResponse { Record = CareMessages.ToMessage(withdrawn) };
    }

    /// <inheritdoc />
    public override async Task<V1.ChangeEpisodeResponse> ChangeEpisode(V1.ChangeEpisodeRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var reason = FieldChecks.RequiredText(violations, "reason", request.Reason, MaxReason);
        var message = new V1.CareEpisode
        {
            StartDate = request.ChangeDate,
            ReasonForNewEpisode = request.ReasonForNewEpisode,
            LegalStatus = request.LegalStatus,
            PlacementType = request.PlacementType,
            Provider = request.Provider,
            PostcodeDistrict = request.PostcodeDistrict,
        };
        var episodeViolations = new Violations();
        var next = CareMessages.ToDomain(message, (field, value, required) => IsoDates.Day(episodeViolations, field, value, Today(), required), required: false);
        if (next is not null)
        {
            // A change keeps the current legal status when none is given (the grain fills it in), so check the rest.
            var checks = new Violations();
            next.Check(checks);
            foreach (var v in checks.Items.Where(v => v.Field != "legal_status" || next.LegalStatus.Length > 0))
            {
                episodeViolations.Add(v.Field, v.Description);
            }

            if (next.ReasonForNewEpisode == CareEpisode.StartedToBeLookedAfter)
            {
                episodeViolations.Add("reason_for_new_episode", "must be L, P, T, B or U: S starts a new period of care, which is a new record.");
            }
        }

        violations.Include(Renamed(episodeViolations));
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).ChangeEpisode(next!, reason, caller);
        var moved = await audit.ChildChange(request.ChildId, "care.episode.change", caller, AccessPurpose.CaseManagement.Name(), Renamed(result));
        return new V1.ChangeEpisodeResponse { Ended = CareMessages.ToMessage(moved[0]), Started = CareMessages.ToMessage(moved[1]) };
    }

    /// <inheritdoc />
    public override async Task<V1.GetCareRecordResponse> GetCareRecord(V1.GetCareRecordRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var purpose = Purposes.Required(violations, "purpose", request.Purpose, "the care record");
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).GetCareRecord(purpose, caller);
        var record = await audit.ChildCall(request.ChildId, "care.record.read", caller, purpose.Name(), caseReference, result,
            r => $"returned {r.Records.Count} care records ({string.Join(", ", r.Records.GroupBy(e => e.Kind).Select(g => $"{g.Count()} {g.Key}"))}) and the summary");
        var response = new V1.GetCareRecordResponse { Child = ChildRequestMapping.ToMessage(record.Child), Summary = CareMessages.ToMessage(record.Summary) };
        response.Records.AddRange(record.Records.Select(e => CareMessages.ToMessage(e)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.GetRecordHistoryResponse> GetRecordHistory(V1.GetRecordHistoryRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        FieldChecks.HubId(violations, "record_id", request.RecordId);
        var purpose = Purposes.Required(violations, "purpose", request.Purpose, "the care record");
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).GetRecordHistory(request.RecordId, purpose, caller);
        var entry = await audit.ChildCall(request.ChildId, "care.record.history", caller, purpose.Name(), caseReference, result,
            e => $"returned {e.Kind} record {e.RecordId} with {e.Revisions.Count} versions");
        return new V1.GetRecordHistoryResponse { Record = CareMessages.ToMessage(entry, withHistory: true) };
    }

    private IChildCareGrain Child(string childId) => grains.GetGrain<IChildCareGrain>(childId);

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    /// <summary>Checks the fields of a change to an existing record: its id, the version it changes and why.</summary>
    private static string CheckChange(Violations violations, string recordId, int expectedVersion, string reason)
    {
        FieldChecks.HubId(violations, "record_id", recordId);
        if (expectedVersion < 1)
        {
            violations.Add("expected_version", "is required: the version of the record being changed (1 or more).");
        }

        return FieldChecks.RequiredText(violations, "reason", reason, MaxReason);
    }

    /// <summary>Names a grain's field violation as the request named the field.</summary>
    private static CallResult<T> Prefixed<T>(CallResult<T> result, string prefix) =>
        result.Status == CallStatus.Invalid && result.Field != "record" ? result with { Field = prefix + result.Field } : result;

    /// <summary>A change's request names the new episode's start <c>change_date</c>.</summary>
    private static Violations Renamed(Violations violations)
    {
        var renamed = new Violations();
        foreach (var v in violations.Items)
        {
            renamed.Add(v.Field == "start_date" ? "change_date" : v.Field, v.Description);
        }

        return renamed;
    }

    private static CallResult<T> Renamed<T>(CallResult<T> result) =>
        result.Status == CallStatus.Invalid && result.Field == "start_date" ? result with { Field = "change_date" } : result;
}
