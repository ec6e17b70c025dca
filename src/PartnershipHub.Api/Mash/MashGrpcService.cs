using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using Grpc.Core;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.CodeLists;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Mash.V1;

namespace PartnershipHub.Api.Mash;

/// <summary>
/// The MASH API: validates each request, establishes the caller from the token, calls the child's grain (which
/// applies the access policy) and records every read and write of child-level data in the child's audit trail,
/// refusals included.
/// </summary>
public sealed class MashGrpcService(IGrainFactory grains, IdentifierKeys identifierKeys, AuditWriter audit, TimeProvider clock, NewGrainIds newIds)
    : V1.MashService.MashServiceBase
{
    private const int MaxRationale = 2000;

    /// <inheritdoc />
    public override async Task<V1.RecordContactResponse> RecordContact(V1.RecordContactRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var now = clock.GetUtcNow();
        var violations = new Violations();
        var borough = request.Borough.Trim();
        ChildRequestMapping.CheckBorough(violations, "borough", borough);
        var receivedAt = CheckInstant(violations, "received_at", request.ReceivedAt, now, required: true);
        if (!StatutoryCodes.ReferralSource.IsKnown(request.ReferralSource))
        {
            violations.Add("referral_source", StatutoryCodes.ReferralSource.Expected);
        }

        var concerns = FieldChecks.RequiredText(violations, "concerns", request.Concerns, 4000);
        var child = request.Child ?? new V1.ContactChild();
        var identifierViolations = new Violations("child.");
        var (nhsNumber, upn, caseIds) = ChildRequestMapping.CheckIdentifiers(identifierViolations, child.Identifiers);
        violations.Include(identifierViolations);

        FieldChecks.ThrowIfAny(violations);

        var access = AccessPolicy.CanRecordContact(caller, borough);
        if (!access.Allowed)
        {
            await audit.Record(AuditSubjects.Borough(borough), "mash.contact.record", caller, AccessPurpose.MashEnquiry.Name(), null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        await CaseIdUse.Check(audit, caller, caseIds, "child.", "mash.contact.record", AccessPurpose.MashEnquiry.Name());
        var (childId, match) = await FindChild(caller, borough, nhsNumber, upn, caseIds);
        if (childId is null)
        {
            childId = await RegisterNewChild(child, borough, caller, DateOnly.FromDateTime(now.UtcDateTime));
        }

        var details = new ContactDetails(borough, receivedAt!.Value, request.ReferralSource, concerns);
        var result = await grains.GetGrain<IChildMashGrain>(childId).RecordContact(details, caller);
        var contact = await audit.ChildChange(childId, "mash.contact.record", caller, AccessPurpose.MashEnquiry.Name(), result);
        return new V1.RecordContactResponse { Contact = MashMessages.ToMessage(contact, now), Match = match };
    }

    /// <inheritdoc />
    public override async Task<V1.ContactResponse> RateContact(V1.RateContactRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = ContactIds(request.ChildId, request.ContactId);
        var rating = MashMessages.ToDomain(request.Rating);
        if (rating is null)
        {
            violations.Add("rating", "is required: RED, AMBER, GREEN or BLUE.");
        }

        var rationale = FieldChecks.RequiredText(violations, "rationale", request.Rationale, MaxRationale);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).RateContact(request.ContactId, rating!.Value, request.TooLittleInformation, rationale, caller);
        return ContactResponse(await audit.ChildChange(request.ChildId, "mash.contact.rate", caller, AccessPurpose.MashEnquiry.Name(), result));
    }

    /// <inheritdoc />
    public override async Task<V1.ContactResponse> SendInformationRequests(V1.SendInformationRequestsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = ContactIds(request.ChildId, request.ContactId);
        var agencies = FieldChecks.OrganisationCodes(violations, "agencies", request.Agencies, RequestLimits.InformationRequestAgencies);
        if (request.Agencies.Count == 0)
        {
            violations.Add("agencies", $"must name 1 to {RequestLimits.InformationRequestAgencies} agencies.");
        }

        var question = FieldChecks.RequiredText(violations, "question", request.Question, MaxRationale);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).SendInformationRequests(request.ContactId, agencies, question, caller);
        return ContactResponse(await audit.ChildChange(request.ChildId, "mash.requests.send", caller, AccessPurpose.MashEnquiry.Name(), result));
    }

    /// <inheritdoc />
    public override async Task<V1.ListAgencyRequestsResponse> ListAgencyRequests(V1.ListAgencyRequestsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var access = AccessPolicy.CanAnswerInformationRequest(caller, caller.Organisation);
        var subject = AuditSubjects.Organisation(caller.Organisation);
        if (!access.Allowed)
        {
            await audit.Record(subject, "mash.requests.list", caller, AccessPurpose.MashEnquiry.Name(), null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var open = await grains.GetGrain<IAgencyInboxGrain>(caller.Organisation).Open();
        await audit.Record(subject, "mash.requests.list", caller, AccessPurpose.MashEnquiry.Name(), null, "returned", $"{open.Count} open requests");
        var now = clock.GetUtcNow();
        var response = new V1.ListAgencyRequestsResponse();
        response.Requests.AddRange(open.Select(r => MashMessages.ToMessage(r, now)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.AnswerInformationRequestResponse> AnswerInformationRequest(V1.AnswerInformationRequestRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        FieldChecks.HubId(violations, "request_id", request.RequestId);
        var fields = new List<AnswerField>();
        if (request.Fields.Count > RequestLimits.AnswerFields)
        {
            violations.Add("fields", $"must have at most {RequestLimits.AnswerFields} items.");
        }

        for (var i = 0; i < request.Fields.Count && i < RequestLimits.AnswerFields; i++)
        {
            var name = FieldChecks.RequiredLabel(violations, $"fields[{i}].name", request.Fields[i].Name, 100);
            var value = FieldChecks.OptionalText(violations, $"fields[{i}].value", request.Fields[i].Value, MaxRationale);
            fields.Add(new AnswerField(name, value));
        }

        var freeText = FieldChecks.OptionalText(violations, "free_text", request.FreeText, 8000);
        if (request.NothingKnown && (fields.Count > 0 || freeText.Length > 0))
        {
            violations.Add("nothing_known", "must be false when the answer has fields or free text.");
        }
        else if (!request.NothingKnown && fields.Count == 0 && freeText.Length == 0)
        {
            violations.Add("fields", "are required, or free_text, unless nothing_known is true.");
        }

        var classification = FieldChecks.RequiredLabel(violations, "classification", request.Classification, 64);
        var basis = MashMessages.ToDomain(request.Basis);
        if (basis is null)
        {
            violations.Add("basis", "is required: the lawful basis on which the agency shares the answer.");
        }

        FieldChecks.ThrowIfAny(violations);

        var answer = new AgencyAnswer(request.NothingKnown, fields, freeText, classification, basis!.Value,
            RecordedBy.Of(caller, clock.GetUtcNow()));
        var result = await Child(request.ChildId).AnswerInformationRequest(request.RequestId, answer, caller);
        var answered = await audit.ChildChange(request.ChildId, "mash.request.answer", caller, AccessPurpose.MashEnquiry.Name(), result);
        return new V1.AnswerInformationRequestResponse { Request = MashMessages.ToMessage(answered, clock.GetUtcNow()) };
    }

    /// <inheritdoc />
    public override async Task<V1.ContactResponse> RecordDecision(V1.RecordDecisionRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var now = clock.GetUtcNow();
        var violations = ContactIds(request.ChildId, request.ContactId);
        var decision = MashMessages.ToDomain(request.Decision) ?? MashDecision.None;
        var rationale = FieldChecks.RequiredText(violations, "rationale", request.Rationale, MaxRationale);
        var transferTo = FieldChecks.OptionalLabel(violations, "transfer_to", request.TransferTo, 100);
        MashCaseRules.CheckDecision(violations, decision, transferTo);

        var decidedAt = CheckInstant(violations, "decided_at", request.DecidedAt, now, required: false) ?? now;
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).RecordDecision(
            request.ContactId, decision, rationale, transferTo.Length > 0 ? transferTo : null, decidedAt, caller);
        return ContactResponse(await audit.ChildChange(request.ChildId, "mash.decision.record", caller, AccessPurpose.MashEnquiry.Name(), result));
    }

    /// <inheritdoc />
    public override async Task<V1.ContactResponse> GetContact(V1.GetContactRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = ContactIds(request.ChildId, request.ContactId);
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).GetContact(request.ContactId, caller);
        return ContactResponse(await audit.ChildCall(request.ChildId, "mash.contact.read", caller, AccessPurpose.MashEnquiry.Name(), caseReference, result, c => $"contact {c.ContactId}"));
    }

    /// <inheritdoc />
    public override async Task<V1.ListOpenEnquiriesResponse> ListOpenEnquiries(V1.ListOpenEnquiriesRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var borough = request.Borough.Trim();
        ChildRequestMapping.CheckBorough(violations, "borough", borough);
        FieldChecks.ThrowIfAny(violations);

        var now = clock.GetUtcNow();
        var agreements = await grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        var access = AccessPolicy.CanWorkOnMashCase(caller, borough, agreements, LondonTime.DateOf(now));
        var subject = AuditSubjects.Borough(borough);
        if (!access.Allowed)
        {
            await audit.Record(subject, "mash.enquiries.list", caller, AccessPurpose.MashEnquiry.Name(), null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var open = await MashBoard.OpenEnquiries(grains, borough);
        await audit.Record(subject, "mash.enquiries.list", caller, AccessPurpose.MashEnquiry.Name(), null, "returned", $"{open.Count} open enquiries: {access.Reason}");
        var response = new V1.ListOpenEnquiriesResponse();
        response.Enquiries.AddRange(open.Select(e => MashMessages.ToMessage(e, now)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.RecordConsentResponse> RecordConsent(V1.RecordConsentRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var purpose = Purposes.Sharing(violations, "purpose", request.Purpose);
        var recipient = request.Recipient.Trim();
        FieldChecks.OrganisationCode(violations, "recipient", recipient);
        var state = MashMessages.ToDomain(request.State);
        if (state is null)
        {
            violations.Add("state", "is required: NOT_SOUGHT, GIVEN, REFUSED or WITHDRAWN.");
        }

        var notes = FieldChecks.OptionalText(violations, "notes", request.Notes, MaxRationale);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).RecordConsent(purpose, recipient, state!.Value, notes, caller);
        var consent = await audit.ChildChange(request.ChildId, "mash.consent.record", caller, purpose.Name(), result);
        return new V1.RecordConsentResponse { Consent = MashMessages.ToMessage(consent) };
    }

    /// <inheritdoc />
    public override async Task<V1.RecordSharingWithoutConsentResponse> RecordSharingWithoutConsent(V1.RecordSharingWithoutConsentRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var purpose = Purposes.Sharing(violations, "purpose", request.Purpose);
        var agency = request.Agency.Trim();
        if (agency.Length > 0)
        {
            FieldChecks.OrganisationCode(violations, "agency", agency);
        }

        var basis = MashMessages.ToDomain(request.Basis);
        if (basis is null or LawfulBasis.Consent)
        {
            violations.Add("basis", "is required: a lawful basis other than consent, e.g. SAFEGUARDING_OF_CHILDREN.");
        }

        var reason = FieldChecks.RequiredText(violations, "reason", request.Reason, MaxRationale);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).RecordSharingWithoutConsent(purpose, agency.Length > 0 ? agency : null, basis!.Value, reason, caller);
        var sharing = await audit.ChildChange(request.ChildId, "mash.sharing-without-consent.record", caller, purpose.Name(), result);
        return new V1.RecordSharingWithoutConsentResponse { Sharing = MashMessages.ToMessage(sharing) };
    }

    /// <inheritdoc />
    public override async Task<V1.GetMultiAgencyViewResponse> GetMultiAgencyView(V1.GetMultiAgencyViewRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        var purpose = Purposes.Sharing(violations, "purpose", request.Purpose);
        var caseReference = FieldChecks.CaseReference(violations, "case_reference", request.CaseReference, required: true);
        FieldChecks.ThrowIfAny(violations);

        var result = await Child(request.ChildId).GetMultiAgencyView(purpose, caller);
        var view = await audit.ChildCall(request.ChildId, "mash.view", caller, purpose.Name(), caseReference, result, DescribeView);
        return MashMessages.ToMessage(view);
    }

    /// <summary>What a view returned and withheld, agency by agency, for the audit trail.</summary>
    private static string DescribeView(MultiAgencyView view) =>
        "child record; " + (view.Contributions.Count == 0
            ? "no agency contributions"
            : string.Join("; ", view.Contributions.Select(c =>
                $"{c.Agency}: {(c.Included ? $"returned {c.Answers.Count} answers" : "withheld")} ({c.Reason})")));

    private IChildMashGrain Child(string childId) => grains.GetGrain<IChildMashGrain>(childId);

    private static Violations ContactIds(string childId, string contactId)
    {
        var violations = new Violations();
        FieldChecks.HubId(violations, "child_id", childId);
        FieldChecks.HubId(violations, "contact_id", contactId);
        return violations;
    }

    private V1.ContactResponse ContactResponse(MashContact contact) => new() { Contact = MashMessages.ToMessage(contact, clock.GetUtcNow()) };

    /// <summary>
    /// Finds the known child holding any of the identifiers among those the caller may match
    /// (<see cref="AccessPolicy.CanMatchByIdentifier"/>): a child of a borough sharing the MASH with the caller's on
    /// the day, or the contact borough's own child registered earlier with an identifier held elsewhere. A child of
    /// any other borough is not matched and nothing of it is said; a new child is registered instead, and the other
    /// borough is told through its child's trail. Identifiers held by different children are a conflict.
    /// </summary>
    private async Task<(string? ChildId, V1.ChildMatch Match)> FindChild(Caller caller, string borough, string? nhsNumber, string? upn, IReadOnlyList<BoroughCaseId> caseIds)
    {
        var keys = new List<(string Key, V1.ChildMatch Match)>();
        if (nhsNumber is not null)
        {
            keys.Add((identifierKeys.ForNhsNumber(nhsNumber), V1.ChildMatch.NhsNumber));
        }

        if (upn is not null)
        {
            keys.Add((identifierKeys.ForUniquePupilNumber(upn), V1.ChildMatch.UniquePupilNumber));
        }

        keys.AddRange(caseIds.Select(c => (identifierKeys.ForBoroughCaseId(c.Borough, c.CaseId), V1.ChildMatch.BoroughCaseId)));
        var agreements = await grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        var day = LondonTime.DateOf(clock.GetUtcNow());
        var holders = await Task.WhenAll(keys.Select(async k => (Holder: await MatchableHolder(k.Key, caller, borough, agreements, day), k.Match)));
        var matched = holders.Where(h => h.Holder is not null).ToList();
        if (matched.Select(h => h.Holder).Distinct().Count() > 1)
        {
            throw RpcErrors.FailedPrecondition("the child's identifiers belong to different children in the hub; resolve the records before recording the contact");
        }

        return matched.Count > 0 ? (matched[0].Holder, matched[0].Match) : (null, V1.ChildMatch.NewChild);
    }

    /// <summary>The child holding the identifier of <paramref name="key"/> if the caller may match them, else the contact borough's own child holding it, else null.</summary>
    private async Task<string?> MatchableHolder(string key, Caller caller, string borough, IReadOnlyList<PartnershipAgreement> agreements, DateOnly day)
    {
        var holder = await grains.GetGrain<IIdentifierIndexGrain>(key).Holder();
        if (holder is null)
        {
            return null;
        }

        var holderBorough = await grains.GetGrain<IChildMashGrain>(holder).ResponsibleBorough();
        return holderBorough is not null && AccessPolicy.CanMatchByIdentifier(caller, holderBorough, agreements, day).Allowed
            ? holder
            : await grains.GetGrain<IIdentifierIndexGrain>(IdentifierKeys.WithinBorough(key, borough)).Holder();
    }

    /// <summary>Registers the child a contact is about when the hub does not know them yet.</summary>
    private async Task<string> RegisterNewChild(V1.ContactChild child, string borough, Caller caller, DateOnly today)
    {
        var registration = ChildRequestMapping.ToRegistration(
            new Contracts.Children.V1.RegisterChildRequest
            {
                ResponsibleBorough = borough,
                GivenName = child.GivenName,
                FamilyName = child.FamilyName,
                BirthDate = child.BirthDate,
                Identifiers = child.Identifiers,
            },
            today, out var violations, "child.");
        FieldChecks.ThrowIfAny(violations);

        var (childId, outcome) = await newIds.WithNewId(id => grains.GetGrain<IChildGrain>(id).Register(registration!, AccessPurpose.MashEnquiry, caller));
        if (outcome.Status != RegistrationStatus.Registered)
        {
            throw new RpcException(new Status(StatusCode.Aborted, "Another call registered one of the child's identifiers at the same moment; retry the call."));
        }

        return childId;
    }

    /// <summary>Checks a timestamp: required or not, a real instant, and not in the future.</summary>
    private static DateTimeOffset? CheckInstant(Violations violations, string field, Google.Protobuf.WellKnownTypes.Timestamp? value, DateTimeOffset now, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                violations.Add(field, "is required.");
            }

            return null;
        }

        if (value.Seconds < 0 || value.Nanos is < 0 or > 999_999_999)
        {
            violations.Add(field, "is not a valid time.");
            return null;
        }

        var instant = value.ToDateTimeOffset();
        if (instant > now.AddMinutes(5))
        {
            violations.Add(field, "is in the future.");
        }

        return instant;
    }
}
