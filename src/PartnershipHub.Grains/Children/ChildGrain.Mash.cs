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
    /// <summary>How far in the future a decision may be dated, to allow for clocks that differ a little.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

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
            return await Unchanged(CallResult<MashContact>.Denied(decision.Reason), "mash.contact.record", SharingPurposes.MashEnquiry, caller);
        }

        var contact = new MashContact(Guid.NewGuid().ToString("N"), child.ChildId, details, Stamp(caller), [], [], null);
        Mash.Contacts.Add(contact);
        await Store(MashAudit("mash.contact.record", caller, $"contact {contact.ContactId} recorded; {decision.Reason}"), [],
            () => Mash.Contacts.Remove(contact));
        return CallResult<MashContact>.Done(contact, decision.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<MashContact>> RateContact(string contactId, BragRating rating, bool tooLittleInformation, string rationale, Caller caller) =>
        ChangeContact(contactId, "mash.contact.rate", caller, contact =>
            contact.Decision is not null
                ? CallResult<MashContact>.Conflict("the contact has been decided; it can no longer be rated")
                : CallResult<MashContact>.Done(
                    contact with { Ratings = [.. contact.Ratings, new RatingEntry(rating, tooLittleInformation, rationale, Stamp(caller))] },
                    $"rated {rating}"));

    /// <inheritdoc />
    public Task<CallResult<MashContact>> SendInformationRequests(string contactId, IReadOnlyList<string> agencies, string question, Caller caller)
    {
        return ChangeContact(contactId, "mash.requests.send", caller, contact =>
        {
            if (contact.Decision is not null)
            {
                return CallResult<MashContact>.Conflict("the contact has been decided; no more requests can be sent");
            }

            if (contact.Route != ContactRoute.MashEnquiry)
            {
                return CallResult<MashContact>.Conflict(
                    $"the contact is {contact.Route}, not a MASH enquiry: rate it green or blue, or record that there is too little information");
            }

            var sent = Stamp(caller);
            var due = responseTimes.DueAt(contact.CurrentRating!.Rating, sent.At);
            var created = agencies.Select(agency => new InformationRequest(Guid.NewGuid().ToString("N"), agency, question, due, sent, null));
            return CallResult<MashContact>.Done(contact with { Requests = [.. contact.Requests, .. created] }, $"{agencies.Count} requests sent");
        });
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
            return await Unchanged(CallResult<AgencyRequestSummary>.Denied(decision.Reason), Action, SharingPurposes.MashEnquiry, caller);
        }

        if (request.Answer is not null)
        {
            return await Unchanged(CallResult<AgencyRequestSummary>.Conflict("the request has already been answered"), Action, SharingPurposes.MashEnquiry, caller);
        }

        if (contact.Decision is not null)
        {
            return await Unchanged(CallResult<AgencyRequestSummary>.Conflict("the enquiry has been decided; the request is closed"), Action, SharingPurposes.MashEnquiry, caller);
        }

        var answered = request with { Answer = answer with { By = Stamp(caller) } };
        var changed = contact with { Requests = [.. contact.Requests.Select(r => r.RequestId == requestId ? answered : r)] };
        await Save(contact, changed, MashAudit(Action, caller,
            $"request {requestId} answered ({(answer.NothingKnown ? "nothing known" : "information given")}) on basis {answer.Basis}; {decision.Reason}"));
        var summary = new AgencyRequestSummary(requestId, changed.ChildId, changed.ContactId, changed.Details.Borough, request.Question, request.Sent.At, request.DueAt);
        return CallResult<AgencyRequestSummary>.Done(summary, decision.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<MashContact>> RecordDecision(string contactId, MashDecision decision, string rationale, string? transferTo, DateTimeOffset decidedAt, Caller caller)
    {
        return ChangeContact(contactId, "mash.decision.record", caller, contact =>
        {
            if (contact.Decision is not null)
            {
                return CallResult<MashContact>.Conflict("the contact has already been decided");
            }

            if (contact.Route == ContactRoute.AwaitingRating)
            {
                return CallResult<MashContact>.Conflict("the contact has not been rated yet");
            }

            if (decidedAt < contact.Details.ReceivedAt)
            {
                return CallResult<MashContact>.Invalid("decided_at", "is before the contact was received.");
            }

            if (decidedAt > clock.GetUtcNow() + ClockSkew)
            {
                return CallResult<MashContact>.Invalid("decided_at", "is in the future.");
            }

            var entry = new DecisionEntry(decision, rationale, transferTo, decidedAt, Stamp(caller));
            return CallResult<MashContact>.Done(contact with { Decision = entry }, $"decided {decision}");
        });
    }

    /// <inheritdoc />
    public async Task<CallResult<MashContact>> GetContact(string contactId, Caller caller)
    {
        var (contact, found) = await FindContact(contactId, caller);
        return contact is null
            ? found
            : found with { Value = contact with { Requests = [.. contact.Requests.Select(r => r with { Answer = r.Answer is null ? null : Unread(r.Answer) })] } };
    }

    /// <inheritdoc />
    public async Task<CallResult<ConsentRecord>> RecordConsent(string purpose, string recipient, ConsentState consentState, string notes, Caller caller)
    {
        const string Action = "mash.consent.record";
        var (access, refusal) = await CanWork<ConsentRecord>(caller);
        if (refusal is not null)
        {
            return await Unchanged(refusal, Action, purpose, caller);
        }

        var record = new ConsentRecord(purpose, recipient, consentState, notes, Stamp(caller));
        Mash.Consents.Add(record);
        await Store(AuditOf(Action, caller, purpose, "done", $"consent {consentState} for {purpose}, recipient {recipient}; {access.Reason}"), [],
            () => Mash.Consents.Remove(record));
        return CallResult<ConsentRecord>.Done(record, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<SharingWithoutConsentRecord>> RecordSharingWithoutConsent(string purpose, string? agency, LawfulBasis basis, string reason, Caller caller)
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
            $"sharing without consent for {purpose}, agency {agency ?? "all"}, basis {basis}, authorised by {caller.UserId}; {access.Reason}"), [],
            () => Mash.SharingWithoutConsent.Remove(record));
        return CallResult<SharingWithoutConsentRecord>.Done(record, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<MultiAgencyView>> GetMultiAgencyView(string purpose, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return CallResult<MultiAgencyView>.NotFound("child_id", NoChild);
        }

        var answers = Mash.Contacts
            .SelectMany(c => c.Requests.Where(r => r.Answer is not null).Select(r => (r.Agency, Answer: new ContributedAnswer(c.ContactId, r.RequestId, r.Answer!))))
            .ToLookup(a => a.Agency, a => a.Answer, StringComparer.Ordinal);
        var decision = AccessPolicy.MultiAgencyView(
            caller, child.Details.ResponsibleBorough, purpose, Today(), await Agreements(),
            [.. Mash.Consents.Select(c => c.ToFact())],
            [.. Mash.SharingWithoutConsent.Select(o => o.ToFact())],
            answers.Select(g => g.Key));
        if (!decision.Allowed)
        {
            return CallResult<MultiAgencyView>.Denied(decision.Reason);
        }

        var contributions = decision.Contributions
            .Select(c => new AgencyContribution(c.Agency, c.Included, c.Basis, c.Reason, c.Included ? [.. answers[c.Agency]] : []))
            .ToList();
        return CallResult<MultiAgencyView>.Done(new MultiAgencyView(child, contributions), decision.Reason);
    }

    /// <inheritdoc />
    public Task<string?> ResponsibleBorough() => Task.FromResult(state.State.Child?.Details.ResponsibleBorough);

    private const string NoChild = "no child has this id";

    private RecordedBy Stamp(Caller caller) => new(caller.Organisation, caller.Role, caller.UserId, clock.GetUtcNow());

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
            return await Unchanged(found, action, SharingPurposes.MashEnquiry, caller);
        }

        var result = change(contact);
        if (result.Value is not { } changed)
        {
            return await Unchanged(result, action, SharingPurposes.MashEnquiry, caller);
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
    private AuditEntry MashAudit(string action, Caller caller, string detail) => AuditOf(action, caller, SharingPurposes.MashEnquiry, "done", detail);

    /// <summary>An answer with its content removed (even whether anything is known): who answered and when, for progress only.</summary>
    private static AgencyAnswer Unread(AgencyAnswer answer) =>
        answer with { NothingKnown = false, Fields = [], FreeText = string.Empty, Classification = string.Empty, Basis = LawfulBasis.None };
}
