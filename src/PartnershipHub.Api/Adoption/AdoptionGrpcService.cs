using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using Grpc.Core;
using PartnershipHub.Abstractions.Adoption;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Adoption;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Adoption.V1;

namespace PartnershipHub.Api.Adoption;

/// <summary>
/// The adoption API: validates each request, establishes the caller from the token, calls the adopter's grain (which
/// applies the access policy against the agreements in force today). A change is audited by the household in the same
/// write (a match and what follows it in the child's trail, its own registration and approval in its own trail); reads
/// and calls that stored nothing (refusals) are audited here.
/// </summary>
public sealed class AdoptionGrpcService(IGrainFactory grains, AuditWriter audit, TimeProvider clock) : V1.AdoptionService.AdoptionServiceBase
{
    private static readonly string Purpose = AccessPurpose.AdoptionMatching.Name();

    /// <inheritdoc />
    public override async Task<V1.AdopterResponse> RegisterAdopter(V1.RegisterAdopterRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = request.ApprovingBorough.Trim();
        ChildRequestMapping.CheckBorough(violations, "approving_borough", borough);
        var reference = FieldChecks.RequiredLabel(violations, "reference", request.Reference, 64);
        var enquiry = IsoDates.Required(violations, "enquiry_date", request.EnquiryDate);
        var preferences = request.Preferences ?? new V1.AdopterPreferences();
        AdopterPreferences.Check(violations, preferences.Children, preferences.MinAgeYears, preferences.MaxAgeYears);
        FieldChecks.ThrowIfAny(violations);

        var adopterId = Guid.NewGuid().ToString("N");
        var registration = new AdopterRegistration(borough, reference, enquiry!.Value,
            new AdopterCapacity(preferences.Children, preferences.MinAgeYears, preferences.MaxAgeYears));
        var result = await Adopter(adopterId).Register(registration, caller);
        return await ChangeAnswer(new AuditTarget(AuditSubjects.Adopter(adopterId), "adopter_id"), AdopterAudit.Register, caller, null, result);
    }

    /// <inheritdoc />
    public override async Task<V1.AdopterResponse> GetAdopter(V1.GetAdopterRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "adopter_id", request.AdopterId);
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference);
        FieldChecks.ThrowIfAny(violations);

        var result = await Adopter(request.AdopterId).Get(caller);
        var response = await Answer(request.AdopterId, "adoption.adopter.read", caller, caseReference, result,
            a => $"adopter record with {a.Matches.Count} matches");

        // Each match shown is child-level data: the child's own trail says who saw it.
        await Task.WhenAll(result.Value!.Matches.Select(m => audit.Record(AuditSubjects.Child(m.ChildId), "adoption.match.read", caller, Purpose,
            caseReference, "returned", $"match with adopter {request.AdopterId} shown in the household's record")));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.AdopterResponse> RecordAdopterMilestone(V1.RecordAdopterMilestoneRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "adopter_id", request.AdopterId);
        var milestone = AdoptionMessages.ToDomain(request.Milestone);
        if (milestone is not AdopterMilestone.Approved)
        {
            violations.Add("milestone", "must be APPROVED: the enquiry is recorded at registration, and matched, placed and adoption order with the child (MatchChild, RecordPlacedForAdoption, RecordAdoptionOrder).");
        }

        var date = IsoDates.Required(violations, "date", request.Date);
        FieldChecks.ThrowIfAny(violations);

        var result = await Adopter(request.AdopterId).RecordMilestone(milestone!.Value, date!.Value, caller);
        return await ChangeAnswer(new AuditTarget(AuditSubjects.Adopter(request.AdopterId), "adopter_id"), AdopterAudit.Milestone, caller, null, result);
    }

    /// <inheritdoc />
    public override async Task<V1.AdopterResponse> MatchChild(V1.MatchChildRequest request, ServerCallContext context)
    {
        var (caller, date, caseReference) = CheckMatchStep(context, request.AdopterId, request.ChildId, "matched_date", request.MatchedDate, request.CaseReference);
        var result = await Adopter(request.AdopterId).MatchChild(request.ChildId, date, caller, caseReference);
        return await ChildAnswer(request.ChildId, "adoption.match.record", caller, caseReference, result);
    }

    /// <inheritdoc />
    public override async Task<V1.AdopterResponse> RecordPlacedForAdoption(V1.RecordPlacedForAdoptionRequest request, ServerCallContext context)
    {
        var (caller, date, caseReference) = CheckMatchStep(context, request.AdopterId, request.ChildId, "placed_date", request.PlacedDate, request.CaseReference);
        var result = await Adopter(request.AdopterId).RecordPlaced(request.ChildId, date, caller, caseReference);
        return await ChildAnswer(request.ChildId, "adoption.placement.record", caller, caseReference, result);
    }

    /// <inheritdoc />
    public override async Task<V1.AdopterResponse> RecordAdoptionOrder(V1.RecordAdoptionOrderRequest request, ServerCallContext context)
    {
        var (caller, date, caseReference) = CheckMatchStep(context, request.AdopterId, request.ChildId, "adoption_order_date", request.AdoptionOrderDate, request.CaseReference);
        var result = await Adopter(request.AdopterId).RecordAdoptionOrder(request.ChildId, date, caller, caseReference);
        return await ChildAnswer(request.ChildId, "adoption.order.record", caller, caseReference, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ListWaitingAdoptersResponse> ListWaitingAdopters(V1.ListWaitingAdoptersRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = request.ApprovingBorough.Trim();
        ChildRequestMapping.CheckBorough(violations, "approving_borough", borough);
        int? age = request.HasChildAgeYears ? request.ChildAgeYears : null;
        if (age is < 0 or > AdopterPreferences.MaxAgeYears)
        {
            violations.Add("child_age_years", $"must be 0 to {AdopterPreferences.MaxAgeYears}.");
        }

        int? siblings = request.HasSiblingGroupSize ? request.SiblingGroupSize : null;
        if (siblings is < 1 or > AdopterPreferences.MaxChildren)
        {
            violations.Add("sibling_group_size", $"must be 1 to {AdopterPreferences.MaxChildren}.");
        }

        var (pageSize, position) = Paging.Check(violations, request.PageSize, request.PageToken);
        FieldChecks.ThrowIfAny(violations);

        var subject = AuditSubjects.Borough(borough);
        var today = LondonTime.DateOf(clock.GetUtcNow());
        var agreements = await grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        if (!AccessPolicy.AdoptionSearchScope(caller, agreements, today).Contains(borough))
        {
            var reason = $"{caller.Role} of {caller.Organisation} does not share adoption with {borough} on {today:yyyy-MM-dd}";
            await audit.Record(subject, "adoption.waiting.list", caller, Purpose, null, "denied", reason);
            throw RpcErrors.PermissionDenied(reason);
        }

        var waiting = (await grains.GetGrain<IAdopterRosterGrain>(borough).All())
            .Where(a => a.IsWaiting && AdopterPreferences.Fits(a.Capacity.Children, a.Capacity.MinAgeYears, a.Capacity.MaxAgeYears, age, siblings))
            .OrderBy(a => a.Approved)
            .ToList();
        var (page, next) = Paging.Slice(waiting, position, pageSize);
        await audit.Record(subject, "adoption.waiting.list", caller, Purpose, null, "returned", $"{page.Count} of {waiting.Count} waiting adopters");
        var response = new V1.ListWaitingAdoptersResponse { TotalSize = waiting.Count, NextPageToken = next };
        response.Adopters.AddRange(page.Select(AdoptionMessages.ToMessage));
        return response;
    }

    private IAdopterGrain Adopter(string adopterId) => grains.GetGrain<IAdopterGrain>(adopterId);

    /// <summary>Validates the ids, the date and the case reference of a match or a step after it.</summary>
    private static (Caller Caller, DateOnly Date, string? CaseReference) CheckMatchStep(
        ServerCallContext context, string adopterId, string childId, string dateField, string date, string caseReference)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "adopter_id", adopterId);
        FieldChecks.HubId(violations, "child_id", childId);
        var day = IsoDates.Required(violations, dateField, date);
        var reference = FieldChecks.CaseReference(violations, "case_reference", caseReference);
        FieldChecks.ThrowIfAny(violations);
        return (caller, day!.Value, reference);
    }

    /// <summary>Audits a call on the household's own record in its trail and answers with the household.</summary>
    private async Task<V1.AdopterResponse> Answer(
        string adopterId, string action, Caller caller, string? caseReference, CallResult<Adopter> result, Func<Adopter, string> describe)
    {
        var adopter = await audit.Audited(new AuditTarget(AuditSubjects.Adopter(adopterId), "adopter_id"), action, caller, Purpose, caseReference, result, describe);
        return new V1.AdopterResponse { Adopter = AdoptionMessages.ToMessage(adopter) };
    }

    /// <summary>
    /// Answers a match or a step after it with the household: the household stored its audit record for the child's
    /// trail with the change; a call that stored nothing is recorded here, in the child's trail.
    /// </summary>
    private Task<V1.AdopterResponse> ChildAnswer(string childId, string action, Caller caller, string? caseReference, CallResult<Adopter> result) =>
        ChangeAnswer(new AuditTarget(AuditSubjects.Child(childId), "child_id"), action, caller, caseReference, result);

    /// <summary>
    /// Answers a change the household stored with its audit record (for <paramref name="target"/>'s trail); a call that
    /// stored nothing is recorded here, in that trail.
    /// </summary>
    private async Task<V1.AdopterResponse> ChangeAnswer(AuditTarget target, string action, Caller caller, string? caseReference, CallResult<Adopter> result)
    {
        var adopter = await audit.StoredOrRecorded(target, action, caller, Purpose, caseReference, result);
        return new V1.AdopterResponse { Adopter = AdoptionMessages.ToMessage(adopter) };
    }
}
