using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Children;

/// <summary>The persisted MASH state of a child: contacts with their enquiries, consent and sharing decisions.</summary>
public sealed class ChildMashState
{
    /// <summary>Every contact about the child, oldest first.</summary>
    public List<MashContact> Contacts { get; set; } = [];

    /// <summary>Every consent decision recorded, oldest first; the latest per purpose and recipient counts.</summary>
    public List<ConsentRecord> Consents { get; set; } = [];

    /// <summary>Every decision to share without consent, oldest first.</summary>
    public List<SharingWithoutConsentRecord> SharingWithoutConsent { get; set; } = [];
}

/// <summary>The MASH side of a child's record.</summary>
public sealed partial class ChildGrain : IChildMashGrain
{
    /// <inheritdoc />
    public async Task<CallResult<MashContact>> RecordContact(ContactDetails details, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return CallResult<MashContact>.NotFound("child_id", "no child has this id");
        }

        var decision = AccessPolicy.CanRecordContact(caller, details.Borough);
        if (!decision.Allowed)
        {
            return await Unchanged(CallResult<MashContact>.Denied(decision.Reason), "mash.contact.record", AccessPurpose.MashEnquiry, caller);
        }

        var contact = new MashContact(Guid.NewGuid().ToString("N"), child.ChildId, details, Stamp(caller), [], [], null);
        Mash.Contacts.Add(contact);
        await Store(MashAudit("mash.contact.record", caller, $"contact {contact.ContactId} recorded; {decision.Reason}"), [],
            () => Mash.Contacts.Remove(contact));
        return CallResult<MashContact>.Done(contact, decision.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<MashContact>> RateContact(string contactId, BragRating rating, bool tooLittleInformation, string rationale, Caller caller) =>
        ChangeContact(contactId, "mash.contact.rate", caller, contact => Taken(MashCaseRules.Rate(contact, rating, tooLittleInformation, rationale, Stamp(caller))));


    /// <inheritdoc />
    public Task<CallResult<MashContact>> SendInformationRequests(string contactId, IReadOnlyList<string> agencies, string question, Caller caller)
    {
        return ChangeContact(contactId, "mash.requests.send", caller, contact =>
            Taken(MashCaseRules.SendRequests(contact, agencies, question, Stamp(caller), responseTimes, NewId)));
    }

    /// <inheritdoc />
    public async Task<CallResult<AgencyRequestSummary>> AnswerInformationRequest(string requestId, AgencyAnswer answer, Caller caller)
    {
        var contact = Mash.Contacts.FirstOrDefault(c => c.Requests.Any(r => r.RequestId == requestId));
        var request = contact?.Requests.First(r => r.RequestId == requestId);
        if (contact is null || request is null)
        {
            return CallResult<AgencyRequestSummary>.NotFound("request_id", "this child has no information request with this id");
        }

        const string Action = "mash.request.answer";
        var decision = AccessPolicy.CanAnswerInformationRequest(caller, request.Agency);
        if (!decision.Allowed)
        {
            return await Unchanged(CallResult<AgencyRequestSummary>.Denied(decision.Reason), Action, AccessPurpose.MashEnquiry, caller);
        }

        var step = MashCaseRules.Answer(contact, requestId, answer with { By = Stamp(caller) });
        if (step.Contact is not { } changed)
        {
            return await Unchanged(Refused<AgencyRequestSummary>(step.Breach!), Action, AccessPurpose.MashEnquiry, caller);
        }

        await Save(contact, changed, MashAudit(Action, caller,
            $"request {requestId} answered ({(answer.NothingKnown ? "nothing known" : "information given")}) on basis {answer.Basis}; {decision.Reason}"));
        var summary = new AgencyRequestSummary(requestId, changed.ChildId, changed.ContactId, changed.Details.Borough, request.Question, request.Sent.At, request.DueAt);
        return CallResult<AgencyRequestSummary>.Done(summary, decision.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<MashContact>> RecordDecision(string contactId, MashDecision decision, string rationale, string? transferTo, DateTimeOffset decidedAt, Caller caller)
    {
        return ChangeContact(contactId, "mash.decision.record", caller, contact =>
            Taken(MashCaseRules.Decide(contact, decision, rationale, transferTo, decidedAt, clock.GetUtcNow(), Stamp(caller))));
    }

    /// <inheritdoc />
    public async Task<CallResult<MashContact>> GetContact(string contactId, Caller caller)
    {
        var (contact, found) = await FindContact(contactId, caller);
        return contact is null
            ? found
            : found with { Value = MashCaseRules.Progress(contact) };
    }

    /// <inheritdoc />
    public async Task<CallResult<ConsentRecord>> RecordConsent(AccessPurpose purpose, string recipient, ConsentState consentState, string notes, Caller caller)
    {
        const string Action = "mash.consent.record";
        var (access, refusal) = await CanWork<ConsentRecord>(caller);
        if (refusal is not null)
        {
            return await Unchanged(refusal, Action, purpose, caller);
        }

        var record = new ConsentRecord(purpose, recipient, consentState, notes, Stamp(caller));
        Mash.Consents.Add(record);
        await Store(AuditOf(Action, caller, purpose, "done", $"consent {consentState} for {purpose.Name()}, recipient {recipient}; {access.Reason}"), [],
            () => Mash.Consents.Remove(record));
        return CallResult<ConsentRecord>.Done(record, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<SharingWithoutConsentRecord>> RecordSharingWithoutConsent(AccessPurpose purpose, string? agency, LawfulBasis basis, string reason, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return CallResult<SharingWithoutConsentRecord>.NotFound("child_id", NoChild);
        }

        var access = AccessPolicy.CanAuthoriseSharingWithoutConsent(caller, child.Details.ResponsibleBorough, await Agreements(), Today());
        const string Action = "mash.sharing-without-consent.record";
        if (!access.Allowed)
        {
            return await Unchanged(CallResult<SharingWithoutConsentRecord>.Denied(access.Reason), Action, purpose, caller);
        }

        var record = new SharingWithoutConsentRecord(purpose, agency, basis, reason, Stamp(caller));
        Mash.SharingWithoutConsent.Add(record);
        await Store(AuditOf(Action, caller, purpose, "done",
            $"sharing without consent for {purpose.Name()}, agency {agency ?? "all"}, basis {basis}, authorised by {caller.UserId}; {access.Reason}"), [],
            () => Mash.SharingWithoutConsent.Remove(record));
        return CallResult<SharingWithoutConsentRecord>.Done(record, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<MultiAgencyView>> GetMultiAgencyView(AccessPurpose purpose, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return CallResult<MultiAgencyView>.NotFound("child_id", NoChild);
        }

        var decision = AccessPolicy.MultiAgencyView(
            caller, child.Details.ResponsibleBorough, purpose, Today(), await Agreements(),
            [.. Mash.Consents.Select(c => c.ToFact())],
            [.. Mash.SharingWithoutConsent.Select(o => o.ToFact())],
            MashCaseRules.AnsweringAgencies(Mash.Contacts));
        if (!decision.Allowed)
        {
            return CallResult<MultiAgencyView>.Denied(decision.Reason);
        }

        return CallResult<MultiAgencyView>.Done(new MultiAgencyView(child, MashCaseRules.ViewContents(Mash.Contacts, decision)), decision.Reason);
    }

    /// <inheritdoc />
    public Task<string?> ResponsibleBorough() => Task.FromResult(state.State.Child?.Details.ResponsibleBorough);

    private const string NoChild = "no child has this id";

    private RecordedBy Stamp(Caller caller) => RecordedBy.Of(caller, clock.GetUtcNow());

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>The grain's answer to a step of the case: done, or refused on a field or on the contact's state.</summary>
    private static CallResult<MashContact> Taken(MashStep step) =>
        step.Contact is { } changed ? CallResult<MashContact>.Done(changed, step.Outcome) : Refused<MashContact>(step.Breach!);

    private static CallResult<T> Refused<T>(MashRuleBreach breach) =>
        breach.Field is null ? CallResult<T>.Conflict(breach.Reason) : CallResult<T>.Invalid(breach.Field, breach.Reason);

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    private Task<IReadOnlyList<PartnershipAgreement>> Agreements() =>
        GrainFactory.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();

    /// <summary>Whether the caller may work on this child's MASH case; when not, the result to answer with.</summary>
    private async Task<(AccessDecision Access, CallResult<T>? Refusal)> CanWork<T>(Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return (AccessDecision.Deny(NoChild), CallResult<T>.NotFound("child_id", NoChild));
        }

        var access = AccessPolicy.CanWorkOnMashCase(caller, child.Details.ResponsibleBorough, await Agreements(), Today());
        return (access, access.Allowed ? null : CallResult<T>.Denied(access.Reason));
    }

    /// <summary>Checks the caller may work on the child's MASH case and finds the contact; the result says why not when it cannot.</summary>
    private async Task<(MashContact? Contact, CallResult<MashContact> Result)> FindContact(string contactId, Caller caller)
    {
        var (access, refusal) = await CanWork<MashContact>(caller);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var contact = Mash.Contacts.FirstOrDefault(c => c.ContactId == contactId);
        return contact is null
            ? (null, CallResult<MashContact>.NotFound("contact_id", "this child has no contact with this id"))
            : (contact, CallResult<MashContact>.Done(contact, access.Reason));
    }

    /// <summary>Checks access, applies <paramref name="change"/> to the contact and stores it with its audit record and follow-ups.</summary>
    private async Task<CallResult<MashContact>> ChangeContact(string contactId, string action, Caller caller, Func<MashContact, CallResult<MashContact>> change)
    {
        var (contact, found) = await FindContact(contactId, caller);
        if (contact is null)
        {
            return await Unchanged(found, action, AccessPurpose.MashEnquiry, caller);
        }

        var result = change(contact);
        if (result.Value is not { } changed)
        {
            return await Unchanged(result, action, AccessPurpose.MashEnquiry, caller);
        }

        var reason = found.Reason + "; " + result.Reason;
        await Save(contact, changed, MashAudit(action, caller, $"contact {changed.ContactId}; {reason}"));
        return result with { Reason = reason };
    }

    /// <summary>
    /// Stores a changed contact with its audit record and what follows from it: the requests now open or closed in
    /// the agencies' inboxes and the enquiry on the borough's MASH board.
    /// </summary>
    private async Task Save(MashContact before, MashContact after, AuditEntry audit)
    {
        var index = Mash.Contacts.IndexOf(before);
        Mash.Contacts[index] = after;
        await Store(audit, ContactFollowUps(before, after), () => Mash.Contacts[index] = before);
    }

    /// <summary>What the agencies' inboxes and the borough's board must show after a contact changed.</summary>
    private static IEnumerable<Func<long, FollowUp>> ContactFollowUps(MashContact before, MashContact after)
    {
        bool Open(MashContact c, InformationRequest r) => c.Decision is null && r.Answer is null;
        foreach (var request in after.Requests)
        {
            var wasOpen = before.Requests.FirstOrDefault(r => r.RequestId == request.RequestId) is { } earlier && Open(before, earlier);
            if (Open(after, request) != wasOpen)
            {
                yield return id => new InboxFollowUp(id, request.Agency, request.RequestId, Open(after, request) ? InboxSummary(after, request) : null);
            }
        }

        if (after.Route == ContactRoute.MashEnquiry || before.Route == ContactRoute.MashEnquiry)
        {
            yield return id => new BoardFollowUp(id, EnquirySummary.Of(after), after.Route == ContactRoute.MashEnquiry && after.Decision is null);
        }
    }

    /// <summary>A request as its agency's inbox lists it.</summary>
    private static AgencyRequestSummary InboxSummary(MashContact contact, InformationRequest request) =>
        new(request.RequestId, contact.ChildId, contact.ContactId, contact.Details.Borough, request.Question, request.Sent.At, request.DueAt);

    /// <summary>The audit entry of a MASH change (always for the MASH enquiry).</summary>
    private AuditEntry MashAudit(string action, Caller caller, string detail) => AuditOf(action, caller, AccessPurpose.MashEnquiry, "done", detail);
}
