using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using Grpc.Core;
using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.PrivateFostering;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.PrivateFostering.V1;

namespace PartnershipHub.Api.PrivateFostering;

/// <summary>
/// The private fostering API: validates each request, establishes the caller from the token and calls the borough's
/// register grain, which applies the access policy and stores each change with its audit record for the child's trail
/// (in its outbox, with the change). This service records in the child's trail what the register did not store
/// (refusals, invalid input, conflicts), in the borough's trail an arrangement the register does not hold and the
/// listing of a register.
/// </summary>
public sealed class PrivateFosteringGrpcService(IGrainFactory grains, AuditWriter audit, TimeProvider clock)
    : V1.PrivateFosteringService.PrivateFosteringServiceBase
{
    private static readonly string Purpose = AccessPurpose.CaseManagement.Name();

    /// <inheritdoc />
    public override async Task<V1.ArrangementResponse> NotifyArrangement(V1.NotifyArrangementRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = Borough(violations, request.Borough);
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var notified = IsoDates.Required(violations, "notification_date", request.NotificationDate);
        var start = IsoDates.Required(violations, "arrangement_start_date", request.ArrangementStartDate);
        if (notified is { } day)
        {
            PrivateFosteringRules.CheckNotification(violations, day, start, Today());
        }

        var source = PrivateFosteringMessages.ToDomain(request.Source);
        if (source is null)
        {
            violations.Add("source", "is required: SCHOOL_ADMISSIONS, BENEFITS, SCHOOLS, HEALTH, SELF_REFERRAL or OTHER.");
        }

        var district = PostcodeDistrict.Check(violations, "postcode_district", request.PostcodeDistrict);
        FieldChecks.ThrowIfAny(violations);

        var notice = new PrivateFosteringNotice(request.ChildId, notified!.Value, start!.Value, source!.Value, district!);
        var result = await Register(borough).Notify(notice, caller);
        return await Answer(request.ChildId, "child_id", "private-fostering.notify", caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ArrangementResponse> RecordMove(V1.RecordMoveRequest request, ServerCallContext context)
    {
        var (caller, violations, borough, moved) = CheckClosing(context, request.Borough, request.ArrangementId, "move_date", request.MoveDate);
        var receiving = request.ReceivingBorough.Trim();
        ChildRequestMapping.CheckBorough(violations, "receiving_borough", receiving);
        var district = PostcodeDistrict.Check(violations, "postcode_district", request.PostcodeDistrict);
        FieldChecks.ThrowIfAny(violations);

        var childId = await ChildOf(borough, request.ArrangementId, "private-fostering.move", caller);
        var result = await Register(borough).RecordMove(request.ArrangementId, new PrivateFosteringMove(moved!.Value, receiving, district!), caller);
        return await Answer(childId, "arrangement_id", "private-fostering.move", caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ArrangementResponse> RecordVisit(V1.RecordVisitRequest request, ServerCallContext context)
    {
        var (caller, violations, borough, visited) = CheckClosing(context, request.Borough, request.ArrangementId, "visit_date", request.VisitDate);
        if (visited is { } day)
        {
            // The date against the notification is the grain's to check; the rest needs no arrangement.
            PrivateFosteringRules.CheckVisit(violations, DateOnly.MinValue, day, request.ChildSeen, request.ChildSeenAlone, Today());
        }

        FieldChecks.ThrowIfAny(violations);

        var childId = await ChildOf(borough, request.ArrangementId, "private-fostering.visit", caller);
        var result = await Register(borough).RecordVisit(request.ArrangementId, visited!.Value, request.ChildSeen, request.ChildSeenAlone, caller);
        return await Answer(childId, "arrangement_id", "private-fostering.visit", caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ArrangementResponse> EndArrangement(V1.EndArrangementRequest request, ServerCallContext context)
    {
        var (caller, violations, borough, ended) = CheckClosing(context, request.Borough, request.ArrangementId, "end_date", request.EndDate);
        FieldChecks.ThrowIfAny(violations);

        var childId = await ChildOf(borough, request.ArrangementId, "private-fostering.end", caller);
        var result = await Register(borough).End(request.ArrangementId, ended!.Value, caller);
        return await Answer(childId, "arrangement_id", "private-fostering.end", caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ListNotificationsResponse> ListNotifications(V1.ListNotificationsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = Borough(violations, request.Borough);
        var (pageSize, position) = Paging.Check(violations, request.PageSize, request.PageToken);
        FieldChecks.ThrowIfAny(violations);

        var result = await Register(borough).List(caller);
        var all = await audit.Audited(new AuditTarget(AuditSubjects.Borough(borough), "borough"), "private-fostering.list", caller, Purpose, null, result,
            list => $"{list.Count} arrangements in the register");
        var listed = all.Where(a => request.IncludeClosed || a.Status == ArrangementStatus.Active).ToList();
        var (page, next) = Paging.Slice(listed, position, pageSize);
        var response = new V1.ListNotificationsResponse { TotalSize = listed.Count, NextPageToken = next };
        response.Arrangements.AddRange(page.Select(a => PrivateFosteringMessages.ToMessage(a, Today())));
        return response;
    }

    private IPrivateFosteringRegisterGrain Register(string borough) => grains.GetGrain<IPrivateFosteringRegisterGrain>(borough);

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    /// <summary>Checks what every call on an arrangement names: the borough, the arrangement and the day.</summary>
    private static (Caller Caller, Violations Violations, string Borough, DateOnly? Date) CheckClosing(
        ServerCallContext context, string borough, string arrangementId, string dateField, string date)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var code = Borough(violations, borough);
        FieldChecks.HubId(violations, "arrangement_id", arrangementId);
        return (caller, violations, code, IsoDates.Required(violations, dateField, date));
    }

    private static string Borough(Violations violations, string value)
    {
        var borough = value.Trim();
        ChildRequestMapping.CheckBorough(violations, "borough", borough);
        return borough;
    }

    /// <summary>
    /// The child an arrangement is about, so the call is audited in the child's trail. An arrangement the register
    /// does not hold gets the same refusal as one the caller may not touch, recorded in the caller's organisation's
    /// trail (there is no child to record it against).
    /// </summary>
    private async Task<string> ChildOf(string borough, string arrangementId, string action, Caller caller)
    {
        if (await Register(borough).ChildOf(arrangementId) is { } childId)
        {
            return childId;
        }

        throw await audit.Refused(new AuditTarget(AuditSubjects.Borough(borough), "arrangement_id"), action, caller, Purpose, null, null,
            $"no arrangement {arrangementId} in {borough}");
    }

    /// <summary>
    /// Answers a call from the register's result: a change it stored is audited by the register itself; a call that
    /// stored nothing is recorded here in the child's trail, a refusal naming <paramref name="idField"/>, the field
    /// the caller named the child or arrangement by.
    /// </summary>
    private async Task<V1.ArrangementResponse> Answer(string childId, string idField, string action, Caller caller, CallResult<PrivateFosteringArrangement> result)
    {
        var arrangement = await audit.StoredOrRecorded(new AuditTarget(AuditSubjects.Child(childId), idField), action, caller, Purpose, null, result);
        return new V1.ArrangementResponse { Arrangement = PrivateFosteringMessages.ToMessage(arrangement, Today()) };
    }
}
