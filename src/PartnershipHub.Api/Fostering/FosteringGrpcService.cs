using PartnershipHub.Abstractions;
using Grpc.Core;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Fostering;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Fostering.V1;

namespace PartnershipHub.Api.Fostering;

/// <summary>
/// The fostering API: validates each request, establishes the caller from the token and calls the household,
/// register or search grain, which applies the access policy. A household's change is audited by the household in
/// the same write, in its own trail; a placement or its end likewise, in the child's trail (its outbox delivers both).
/// Reads, searches and calls that stored nothing (refusals) are audited here: against the household, or each child.
/// </summary>
public sealed class FosteringGrpcService(IGrainFactory grains, AuditWriter audit, TimeProvider clock)
    : V1.FosteringService.FosteringServiceBase
{
    /// <inheritdoc />
    public override async Task<V1.HouseholdResponse> RegisterHousehold(V1.RegisterHouseholdRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var registration = FosteringMessages.ToRegistration(request, out var violations);
        FieldChecks.ThrowIfAny(violations);

        var householdId = Guid.NewGuid().ToString("N");
        var result = await Household(householdId).Register(registration!, caller);
        return await HouseholdChangeAnswer(householdId, HouseholdAudit.Register, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.HouseholdResponse> GetHousehold(V1.GetHouseholdRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        CheckHouseholdId(request.HouseholdId, new Violations());
        var result = await Household(request.HouseholdId).Get(caller);
        return await HouseholdAnswer(request.HouseholdId, "fostering.household.read", caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.HouseholdResponse> RecordApproval(V1.RecordApprovalRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        if (request.Status is V1.ApprovalStatus.Unspecified or V1.ApprovalStatus.InAssessment || !System.Enum.IsDefined(request.Status))
        {
            violations.Add("status", "is required: APPROVED, SUSPENDED or DEREGISTERED.");
        }

        var on = IsoDates.Day(violations, "effective_date", request.EffectiveDate, Today(), required: true);
        CheckHouseholdId(request.HouseholdId, violations);

        var result = await Household(request.HouseholdId).RecordApproval((ApprovalStatus)request.Status, on!.Value, caller);
        return await HouseholdChangeAnswer(request.HouseholdId, HouseholdAudit.Approval, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.HouseholdResponse> RecordHouseholdReview(V1.RecordHouseholdReviewRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var on = IsoDates.Day(violations, "review_date", request.ReviewDate, Today(), required: true);
        CheckHouseholdId(request.HouseholdId, violations);

        var result = await Household(request.HouseholdId).RecordReview(on!.Value, caller);
        return await HouseholdChangeAnswer(request.HouseholdId, HouseholdAudit.Review, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.HouseholdResponse> UpdateCapacity(V1.UpdateCapacityRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var capacity = FosteringMessages.Capacity(violations, request.Capacity);
        CheckHouseholdId(request.HouseholdId, violations);

        var result = await Household(request.HouseholdId).UpdateCapacity(capacity, caller);
        return await HouseholdChangeAnswer(request.HouseholdId, HouseholdAudit.Capacity, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ListHouseholdsResponse> ListHouseholds(V1.ListHouseholdsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = request.ApprovingBorough.Trim();
        Children.ChildRequestMapping.CheckBorough(violations, "approving_borough", borough);
        FieldChecks.ThrowIfAny(violations);

        var access = AccessPolicy.CanManageCarers(caller, borough);
        var subject = AuditSubjects.Borough(borough);
        if (!access.Allowed)
        {
            await audit.Record(subject, "fostering.households.list", caller, HouseholdAudit.Purpose, null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var households = await grains.GetGrain<IFosterRegisterGrain>(borough).Households();
        await audit.Record(subject, "fostering.households.list", caller, HouseholdAudit.Purpose, null, "returned", $"{households.Count} households: {access.Reason}");
        var today = Today();
        var response = new V1.ListHouseholdsResponse();
        response.Households.AddRange(households.Select(h => FosteringMessages.ToMessage(h, today)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.SearchVacanciesResponse> SearchVacancies(V1.SearchVacanciesRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var search = FosteringMessages.ToSearch(request, out var violations);
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference);
        FieldChecks.ThrowIfAny(violations);

        var result = await grains.GetGrain<IFosteringSearchGrain>(IFosteringSearchGrain.Key).Search(search!, caller);
        var found = await Audited([search!.ChildId, .. search.SiblingIds], "fostering.vacancies.search", caller, caseReference, result, r =>
            $"{r.Matches.Count} households returned ({string.Join(",", r.Matches.Select(m => m.Household.HouseholdId))}) from boroughs {string.Join(",", r.BoroughsSearched)}; " +
            $"needs [{string.Join(",", search.Needs)}], {search.SiblingIds.Count} siblings, district {search.PreferredDistrict ?? "any"}");
        var today = Today();
        var response = new V1.SearchVacanciesResponse();
        response.BoroughsSearched.AddRange(found.BoroughsSearched);
        response.Matches.AddRange(found.Matches.Select(m => new V1.VacancyMatch
        {
            Household = FosteringMessages.ToMessage(m.Household, today),
            Location = (V1.LocationMatch)m.Location,
        }));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.PlacementResponse> PlaceChild(V1.PlaceChildRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var from = IsoDates.Day(violations, "from_date", request.FromDate, Today(), required: true);
        CheckHouseholdId(request.HouseholdId, violations);

        var result = await Household(request.HouseholdId).PlaceChild(request.ChildId, from!.Value, caller);
        return await PlacementAnswer(request.HouseholdId, request.ChildId, "fostering.placement.start", caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.PlacementResponse> EndPlacement(V1.EndPlacementRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var to = IsoDates.Day(violations, "end_date", request.EndDate, Today(), required: true);
        CheckHouseholdId(request.HouseholdId, violations);

        var result = await Household(request.HouseholdId).EndPlacement(request.ChildId, to!.Value, caller);
        return await PlacementAnswer(request.HouseholdId, request.ChildId, "fostering.placement.end", caller, result);
    }

    private IFosterHouseholdGrain Household(string householdId) => grains.GetGrain<IFosterHouseholdGrain>(householdId);

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    /// <summary>Adds the household id's check to the others and throws if anything is wrong.</summary>
    private static void CheckHouseholdId(string householdId, Violations violations)
    {
        FieldChecks.HubId(violations, "household_id", householdId);
        FieldChecks.ThrowIfAny(violations);
    }

    private async Task<V1.HouseholdResponse> HouseholdAnswer(string householdId, string action, Caller caller, CallResult<FosterHousehold> result)
    {
        var household = await Answer([AuditSubjects.FosterHousehold(householdId)], action, caller, HouseholdAudit.Purpose, null, result, h => $"household {h.HouseholdId}");
        return new V1.HouseholdResponse { Household = FosteringMessages.ToMessage(household, Today()) };
    }

    private async Task<V1.HouseholdResponse> HouseholdChangeAnswer(string householdId, string action, Caller caller, CallResult<FosterHousehold> result)
    {
        // The household stored the change's audit record with it, for its own trail; a call that stored nothing is recorded here.
        var household = await audit.StoredOrRecorded(new AuditTarget(AuditSubjects.FosterHousehold(householdId), "household_id"), action, caller, HouseholdAudit.Purpose, null, result);
        return new V1.HouseholdResponse { Household = FosteringMessages.ToMessage(household, Today()) };
    }

    private async Task<V1.PlacementResponse> PlacementAnswer(string householdId, string childId, string action, Caller caller, CallResult<FosterHousehold> result)
    {
        // The household stored the placement's audit record with it, for the child's trail; a call that stored nothing is recorded here.
        var household = await audit.StoredOrRecorded(new AuditTarget(AuditSubjects.Child(childId), "child_id"), action, caller,
            AccessPurpose.FosteringMatching.Name(), null, result);
        var placement = household.Placements.Last(p => p.ChildId == childId);
        return new V1.PlacementResponse
        {
            Placement = FosteringMessages.ToMessage(placement, householdId),
            Vacancies = FosterVacancies.Count(household.Details.Capacity.Places, household.Current.Count()),
        };
    }

    /// <summary>Audits a call about children against each child, for fostering matching; an unknown child is recorded in the caller's organisation's trail.</summary>
    private Task<T> Audited<T>(IReadOnlyList<string> childIds, string action, Caller caller, string? caseReference, CallResult<T> result, Func<T, string> describe) =>
        audit.Audited(new AuditTarget([.. childIds.Select(AuditSubjects.Child)], "child_id"), action, caller, AccessPurpose.FosteringMatching.Name(), caseReference, result, describe);

    /// <summary>Records the outcome in each subject's audit trail (refusals too), then returns the value or throws the status that fits.</summary>
    private Task<T> Answer<T>(IReadOnlyList<string> subjects, string action, Caller caller, string purpose, string? caseReference, CallResult<T> result, Func<T, string> describe) =>
        audit.Audited(new AuditTarget(subjects, "household_id"), action, caller, purpose, caseReference, result, describe);
}
