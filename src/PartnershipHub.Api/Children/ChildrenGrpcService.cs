using Grpc.Core;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Api.Children;

/// <summary>
/// The children API: checks the request, establishes the caller from the token, asks the access policy,
/// calls the grains and records each access to child-level data in the subject's audit trail.
/// </summary>
public sealed class ChildrenGrpcService(IGrainFactory grains, AuditWriter audit, TimeProvider clock, NewGrainIds newIds) : V1.ChildrenService.ChildrenServiceBase
{
    /// <inheritdoc />
    public override async Task<V1.RegisterChildResponse> RegisterChild(V1.RegisterChildRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var registration = ChildRequestMapping.ToRegistration(request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var violations);
        if (registration is null)
        {
            throw RpcErrors.InvalidArgument(violations.Items);
        }

        var decision = AccessPolicy.CanRegisterChild(caller, registration.ResponsibleBorough);
        if (!decision.Allowed)
        {
            await audit.Record(AuditSubjects.Borough(registration.ResponsibleBorough), "child.register", caller, AccessPurpose.CaseManagement.Name(), null, "denied", decision.Reason);
            throw RpcErrors.PermissionDenied(decision.Reason);
        }

        await CaseIdUse.Check(audit, caller, registration.BoroughCaseIds, string.Empty, "child.register", AccessPurpose.CaseManagement.Name());
        var (_, outcome) = await newIds.WithNewId(childId => grains.GetGrain<IChildGrain>(childId).Register(registration, AccessPurpose.CaseManagement, caller));
        switch (outcome.Status)
        {
            case RegistrationStatus.Registered:
                return new V1.RegisterChildResponse { Child = ChildRequestMapping.ToMessage(outcome.Child!) };
            case RegistrationStatus.IdentifierInUse:
                throw RpcErrors.AlreadyExists(outcome.Detail!, "is already linked to another child in the hub; nothing was registered.");
            case RegistrationStatus.Denied:
                throw RpcErrors.PermissionDenied(outcome.Detail!);
            default:
                throw new RpcException(new Status(StatusCode.Aborted, "A new child id collided; retry the call."));
        }
    }

    /// <inheritdoc />
    public override async Task<V1.GetChildResponse> GetChild(V1.GetChildRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var purpose = Purposes.Required(violations, "purpose", request.Purpose, "the record").Name();
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference);
        FieldChecks.ThrowIfAny(violations);
        var outcome = await grains.GetGrain<IChildGrain>(request.ChildId).Read(caller);
        var subject = AuditSubjects.Child(request.ChildId);
        switch (outcome.Status)
        {
            case ReadStatus.Found:
                await audit.Record(subject, "child.read", caller, purpose, caseReference, "returned", "child record: " + outcome.Reason);
                return new V1.GetChildResponse { Child = ChildRequestMapping.ToMessage(outcome.Child!) };
            default:
                throw await audit.RefusedChild(request.ChildId, "child.read", caller, purpose, caseReference,
                    outcome.Status == ReadStatus.Denied ? outcome.Reason : null);
        }
    }

    /// <inheritdoc />
    public override async Task<V1.LinkCaseIdResponse> LinkCaseId(V1.LinkCaseIdRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var caseId = FieldChecks.RequiredLabel(violations, "case_id", request.CaseId, ChildRequestMapping.MaxCaseIdLength);
        FieldChecks.ThrowIfAny(violations);

        var result = await grains.GetGrain<IChildGrain>(request.ChildId).LinkCaseId(caseId, caller);
        var linked = await audit.ChildChange(request.ChildId, "child.case-id.link", caller, AccessPurpose.CaseSync.Name(), result);
        return new V1.LinkCaseIdResponse { Linked = new V1.BoroughCaseId { Borough = linked.Borough, CaseId = linked.CaseId } };
    }

    /// <inheritdoc />
    public override async Task<V1.ListBoroughChildrenResponse> ListBoroughChildren(V1.ListBoroughChildrenRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = request.Borough.Trim();
        ChildRequestMapping.CheckBorough(violations, "borough", borough);
        var pageSize = PageTokens.PageSize(request.PageSize);
        if (pageSize is null)
        {
            violations.Add("page_size", "must not be negative.");
        }

        if (!PageTokens.TryDecode(request.PageToken, out var start))
        {
            violations.Add("page_token", "is not a token this hub issued; start again with an empty token.");
        }

        if (!violations.IsEmpty)
        {
            throw RpcErrors.InvalidArgument(violations.Items);
        }

        var page = await grains.GetGrain<IBoroughGrain>(borough).ListChildren(caller, start, pageSize!.Value);
        if (page is null)
        {
            var reason = AccessPolicy.CanListBoroughChildren(caller, borough).Reason;
            await audit.Record(AuditSubjects.Borough(borough), "borough.children.list", caller, AccessPurpose.CaseManagement.Name(), null, "denied", reason);
            throw RpcErrors.PermissionDenied(reason);
        }

        await audit.Record(AuditSubjects.Borough(borough), "borough.children.list", caller, AccessPurpose.CaseManagement.Name(), null, "returned",
            $"{page.ChildIds.Count} child ids from position {start}");
        var response = new V1.ListBoroughChildrenResponse
        {
            NextPageToken = page.NextIndex is { } next ? PageTokens.Encode(next) : string.Empty,
            TotalSize = page.TotalChildren,
        };
        response.Children.AddRange(page.ChildIds.Select(id => new V1.BoroughChildEntry { ChildId = id }));
        return response;
    }
}
