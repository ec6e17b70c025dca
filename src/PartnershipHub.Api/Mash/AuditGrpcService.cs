using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Audit.V1;

namespace PartnershipHub.Api.Mash;

/// <summary>The audit API: who has accessed a child's record, when and why; and verification of a child's chain.</summary>
public sealed class AuditGrpcService(IGrainFactory grains, AuditWriter audit) : V1.AuditService.AuditServiceBase
{
    /// <inheritdoc />
    public override async Task<V1.ListChildAccessResponse> ListChildAccess(V1.ListChildAccessRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        if (request.AfterSequence < 0)
        {
            violations.Add("after_sequence", "must not be negative.");
        }

        if (request.PageSize < 0)
        {
            violations.Add("page_size", "must not be negative.");
        }

        FieldChecks.ThrowIfAny(violations);

        var borough = await grains.GetGrain<IChildMashGrain>(request.ChildId).ResponsibleBorough();
        var access = borough is null ? null : AccessPolicy.CanReadAccessHistory(caller, borough);
        var subject = AuditSubjects.Child(request.ChildId);
        if (access is not { Allowed: true })
        {
            throw await audit.RefusedChild(request.ChildId, "audit.read", caller, "access-review", null, access?.Reason);
        }

        var pageSize = request.PageSize == 0 ? 100 : Math.Min(request.PageSize, 1000);
        var records = await grains.GetGrain<IAuditTrailGrain>(subject).Read(request.AfterSequence + 1, pageSize);
        await audit.Record(subject, "audit.read", caller, "access-review", null, "returned", $"{records.Count} audit records after {request.AfterSequence}");
        var response = new V1.ListChildAccessResponse();
        response.Records.AddRange(records.Select(ToMessage));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.VerifyChildChainResponse> VerifyChildChain(V1.VerifyChildChainRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        FieldChecks.ThrowIfAny(violations);

        var access = AccessPolicy.CanAdminister(caller);
        if (!access.Allowed)
        {
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var result = await grains.GetGrain<IAuditTrailGrain>(AuditSubjects.Child(request.ChildId)).Verify();
        await audit.Record(AuditSubjects.Organisation(caller.Organisation), "audit.verify", caller, "administration", null,
            result.Intact ? "intact" : "broken", $"child {request.ChildId}: {result.RecordsChecked} records checked");
        return new V1.VerifyChildChainResponse
        {
            Intact = result.Intact,
            RecordsChecked = result.RecordsChecked,
            FirstBrokenSequence = result.FirstBrokenSequence ?? 0,
            Problem = result.Problem ?? string.Empty,
        };
    }

    private static V1.AuditRecord ToMessage(AuditRecord record) => new()
    {
        Sequence = record.Sequence,
        Action = record.Entry.Action,
        Organisation = record.Entry.Organisation,
        Role = record.Entry.Role,
        UserId = record.Entry.UserId,
        Purpose = record.Entry.Purpose,
        CaseReference = record.Entry.CaseReference ?? string.Empty,
        Outcome = record.Entry.Outcome,
        Detail = record.Entry.Detail,
        At = Timestamp.FromDateTimeOffset(record.Entry.At),
        Hash = record.Hash,
    };
}
