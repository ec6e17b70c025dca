using PartnershipHub.Abstractions;
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
            return CallResult<MashContact>.Denied(decision.Reason);
        }

        var contact = new MashContact(Guid.NewGuid().ToString("N"), child.ChildId, details, Stamp(caller), [], [], null);
        mash.State.Contacts.Add(contact);
        await WriteOrForget(() => mash.State.Contacts.Remove(contact));
        return CallResult<MashContact>.Done(contact, decision.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<MashContact>> RateContact(string contactId, BragRating rating, bool tooLittleInformation, string rationale, Caller caller) =>
        ChangeContact(contactId, caller, contact => Taken(MashCaseRules.Rate(contact, rating, tooLittleInformation, rationale, Stamp(caller))));

    /// <inheritdoc />
    public async Task<CallResult<MashContact>> SendInformationRequests(string contactId, IReadOnlyList<string> agencies, string question, Caller caller)
    {
        var created = new List<InformationRequest>();
        var result = await ChangeContact(contactId, caller, contact =>
        {
            var step = MashCaseRules.SendRequests(contact, agencies, question, Stamp(caller), responseTimes, NewId);
            created.AddRange(step.Opened);
            return Taken(step);
        });

        if (result.Value is { } changed)
        {
            await Task.WhenAll(created.Select(r => GrainFactory.GetGrain<IAgencyInboxGrain>(r.Agency).Add(
                new AgencyRequestSummary(r.RequestId, changed.ChildId, changed.ContactId, changed.Details.Borough, r.Question, r.Sent.At, r.DueAt))));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<CallResult<AgencyRequestSummary>> AnswerInformationRequest(string requestId, AgencyAnswer answer, Caller caller)
    {
        var contact = mash.State.Contacts.FirstOrDefault(c => c.Requests.Any(r => r.RequestId == requestId));
        var request = contact?.Requests.First(r => r.RequestId == requestId);
        if (contact is null || request is null)
        {
            return CallResult<AgencyRequestSummary>.NotFound("request_id", "this child has no information request with this id");
        }

        var decision = AccessPolicy.CanAnswerInformationRequest(caller, request.Agency);
        if (!decision.Allowed)
        {
            return CallResult<AgencyRequestSummary>.Denied(decision.Reason);
        }

        var step = MashCaseRules.Answer(contact, requestId, answer with { By = Stamp(caller) });
        if (step.Contact is not { } changed)
        {
            return Refused<AgencyRequestSummary>(step.Breach!);
        }

        await Save(contact, changed);
        await GrainFactory.GetGrain<IAgencyInboxGrain>(request.Agency).Remove(requestId);
        var summary = new AgencyRequestSummary(requestId, changed.ChildId, changed.ContactId, changed.Details.Borough, request.Question, request.Sent.At, request.DueAt);
        return CallResult<AgencyRequestSummary>.Done(summary, decision.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<MashContact>> RecordDecision(string contactId, MashDecision decision, string rationale, string? transferTo, DateTimeOffset decidedAt, Caller caller)
    {
        var result = await ChangeContact(contactId, caller, contact =>
            Taken(MashCaseRules.Decide(contact, decision, rationale, transferTo, decidedAt, clock.GetUtcNow(), Stamp(caller))));

        if (result.Value is { } decided)
        {
            // The enquiry is closed: unanswered requests leave the agencies' inboxes.
            await Task.WhenAll(decided.Requests.Where(r => r.Answer is null)
                .Select(r => GrainFactory.GetGrain<IAgencyInboxGrain>(r.Agency).Remove(r.RequestId)));
        }

        return result;
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
        var (access, refusal) = await CanWork<ConsentRecord>(caller);
        if (refusal is not null)
        {
            return refusal;
        }

        var record = new ConsentRecord(purpose, recipient, consentState, notes, Stamp(caller));
        mash.State.Consents.Add(record);
        await WriteOrForget(() => mash.State.Consents.Remove(record));
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
        if (!access.Allowed)
        {
            return CallResult<SharingWithoutConsentRecord>.Denied(access.Reason);
        }

        var record = new SharingWithoutConsentRecord(purpose, agency, basis, reason, Stamp(caller));
        mash.State.SharingWithoutConsent.Add(record);
        await WriteOrForget(() => mash.State.SharingWithoutConsent.Remove(record));
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
            [.. mash.State.Consents.Select(c => c.ToFact())],
            [.. mash.State.SharingWithoutConsent.Select(o => o.ToFact())],
            MashCaseRules.AnsweringAgencies(mash.State.Contacts));
        if (!decision.Allowed)
        {
            return CallResult<MultiAgencyView>.Denied(decision.Reason);
        }

        return CallResult<MultiAgencyView>.Done(new MultiAgencyView(child, MashCaseRules.ViewContents(mash.State.Contacts, decision)), decision.Reason);
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

        var contact = mash.State.Contacts.FirstOrDefault(c => c.ContactId == contactId);
        return contact is null
            ? (null, CallResult<MashContact>.NotFound("contact_id", "this child has no contact with this id"))
            : (contact, CallResult<MashContact>.Done(contact, access.Reason));
    }

    /// <summary>Checks access, applies <paramref name="change"/> to the contact, stores it and refreshes the borough's MASH board.</summary>
    private async Task<CallResult<MashContact>> ChangeContact(string contactId, Caller caller, Func<MashContact, CallResult<MashContact>> change)
    {
        var (contact, found) = await FindContact(contactId, caller);
        if (contact is null)
        {
            return found;
        }

        var result = change(contact);
        if (result.Value is not { } changed)
        {
            return result;
        }

        await Save(contact, changed);
        return result with { Reason = found.Reason + "; " + result.Reason };
    }

    private async Task Save(MashContact before, MashContact after)
    {
        var index = mash.State.Contacts.IndexOf(before);
        mash.State.Contacts[index] = after;
        await WriteOrForget(() => mash.State.Contacts[index] = before);
        if (after.Route == ContactRoute.MashEnquiry || before.Route == ContactRoute.MashEnquiry)
        {
            var open = after.Route == ContactRoute.MashEnquiry && after.Decision is null;
            await GrainFactory.GetGrain<IMashBoardGrain>(MashBoard.ShardKey(after.Details.Borough, after.ContactId)).Track(EnquirySummary.Of(after), open);
        }
    }

    /// <summary>Writes the state; if the write fails, undoes the in-memory change so memory never runs ahead of storage.</summary>
    private async Task WriteOrForget(Action undo)
    {
        try
        {
            await mash.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }

        await UpdateMeasures();
    }
}
