using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Mash;

/// <summary>
/// The MASH workflow through gRPC against the real hub: a green contact to a decision with three agencies answering,
/// one withheld for refused consent until a manager records sharing without consent; every step audited.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MashWorkflowTests(HubFixture fixture)
{
    private const string Police = "met-police";
    private const string Health = "nhs-cnwl";
    private const string School = "school-st-marys";
    private const string HealthSecret = "Seen at A&E twice in March with unexplained bruising";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task A_green_contact_goes_to_a_decision_with_consent_withholding_and_a_significant_harm_override_all_audited()
    {
        using var channel = Hub.Channel();
        var mash = new MashService.MashServiceClient(channel);
        var practitioner = Hub.As(ChildRequests.Westminster, "mash-practitioner", "wcc-pat");
        var manager = Hub.As(ChildRequests.Westminster, "mash-manager", "wcc-maria");

        // 1. A contact about a child the hub does not know creates the child; a second contact with the same NHS number attaches.
        var contactRequest = MashRequests.Contact(ChildRequests.Westminster);
        var first = await mash.RecordContactAsync(contactRequest, practitioner);
        Assert.Equal(ChildMatch.NewChild, first.Match);
        var childId = first.Contact.ChildId;
        var again = MashRequests.Contact(ChildRequests.Westminster);
        again.Child = new ContactChild { Identifiers = new ChildIdentifiers { NhsNumber = contactRequest.Child.Identifiers.NhsNumber } };
        var second = await mash.RecordContactAsync(again, practitioner);
        Assert.Equal(ChildMatch.NhsNumber, second.Match);
        Assert.Equal(childId, second.Contact.ChildId);
        var contactId = first.Contact.ContactId;

        // 2. Rated green: a MASH enquiry.
        var rated = (await mash.RateContactAsync(new RateContactRequest
        {
            ChildId = childId,
            ContactId = contactId,
            Rating = BragRating.Green,
            Rationale = "School concern, no immediate risk",
        }, practitioner)).Contact;
        Assert.Equal(ContactRoute.MashEnquiry, rated.Route);
        Assert.Equal(BragRating.Green, rated.Ratings.Single().Rating);

        // 3. Three agencies asked; green answers are due 72 hours after sending.
        var sent = (await mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = childId,
            ContactId = contactId,
            Agencies = { Police, Health, School },
            Question = "What do you know about this child and household?",
        }, practitioner)).Contact;
        Assert.Equal(3, sent.Requests.Count);
        Assert.All(sent.Requests, r => Assert.Equal(TimeSpan.FromHours(72), r.DueAt.ToDateTime() - r.Sent.At.ToDateTime()));
        var open = await mash.ListOpenEnquiriesAsync(new ListOpenEnquiriesRequest { Borough = ChildRequests.Westminster }, practitioner);
        var listed = Assert.Single(open.Enquiries, e => e.ContactId == contactId);
        Assert.Equal(3, listed.RequestsOutstanding);

        // 4. Consent for the enquiry: given for police and school, refused for health.
        foreach (var (agency, state) in new[] { (Police, ConsentState.Given), (School, ConsentState.Given), (Health, ConsentState.Refused) })
        {
            await mash.RecordConsentAsync(new RecordConsentRequest
            {
                ChildId = childId,
                Purpose = AccessPurpose.MashEnquiry,
                Recipient = agency,
                State = state,
                Notes = "Discussed with mother",
            }, practitioner);
        }

        // 5. Each agency sees only its own request and answers it; another agency cannot answer it.
        var policeRequest = await OwnRequest(mash, Police, childId);
        var healthRequest = await OwnRequest(mash, Health, childId);
        var schoolRequest = await OwnRequest(mash, School, childId);
        var wrongAgency = await Assert.ThrowsAsync<RpcException>(() => mash.AnswerInformationRequestAsync(
            MashRequests.Answer(childId, policeRequest.RequestId, "Not ours to answer"), Hub.As(Health, "agency-responder")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, wrongAgency.StatusCode);
        await mash.AnswerInformationRequestAsync(MashRequests.Answer(childId, policeRequest.RequestId, "Two domestic abuse call-outs in 2026"), Hub.As(Police, "agency-responder"));
        await mash.AnswerInformationRequestAsync(MashRequests.Answer(childId, healthRequest.RequestId, HealthSecret), Hub.As(Health, "agency-responder"));
        var nothing = MashRequests.Answer(childId, schoolRequest.RequestId, string.Empty);
        nothing.Fields.Clear();
        nothing.NothingKnown = true;
        await mash.AnswerInformationRequestAsync(nothing, Hub.As(School, "agency-responder"));
        Assert.DoesNotContain((await mash.ListAgencyRequestsAsync(new ListAgencyRequestsRequest(), Hub.As(Police, "agency-responder"))).Requests, r => r.ChildId == childId);

        // 6. The view: police and school included on consent, health withheld without revealing it.
        var view = await mash.GetMultiAgencyViewAsync(MashRequests.View(childId), practitioner);
        Assert.True(Contribution(view, Police).Included);
        Assert.Equal(LawfulBasis.Consent, Contribution(view, Police).SharedOn);
        Assert.True(Contribution(view, School).Answers.Single().Answer.NothingKnown);
        var withheld = Contribution(view, Health);
        Assert.False(withheld.Included);
        Assert.Empty(withheld.Answers);
        Assert.Contains("consent refused", withheld.Reason);
        Assert.DoesNotContain(HealthSecret, JsonFormatter.Default.Format(view));

        // 7. A practitioner may not override; the manager records significant harm and the view shows health's answer.
        var overrideRequest = new RecordSharingWithoutConsentRequest
        {
            ChildId = childId,
            Purpose = AccessPurpose.MashEnquiry,
            Agency = Health,
            Basis = LawfulBasis.SafeguardingOfChildren,
            Reason = "Risk of significant harm: unexplained injuries",
        };
        var notManager = await Assert.ThrowsAsync<RpcException>(() => mash.RecordSharingWithoutConsentAsync(overrideRequest, practitioner).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notManager.StatusCode);
        await mash.RecordSharingWithoutConsentAsync(overrideRequest, manager);
        var shown = Contribution(await mash.GetMultiAgencyViewAsync(MashRequests.View(childId), practitioner), Health);
        Assert.True(shown.Included);
        Assert.Equal(LawfulBasis.SafeguardingOfChildren, shown.SharedOn);
        Assert.Equal(HealthSecret, shown.Answers.Single().Answer.FreeText);

        // 8. A decision dated before the contact is refused; the real one closes the enquiry and gives the time to decision.
        var early = MashRequests.Decision(childId, contactId, contactRequest.ReceivedAt.ToDateTimeOffset().AddHours(-1));
        var refused = await Assert.ThrowsAsync<RpcException>(() => mash.RecordDecisionAsync(early, manager).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("decided_at", refused.Status.Detail);
        var decidedAt = DateTimeOffset.UtcNow;
        var decided = (await mash.RecordDecisionAsync(MashRequests.Decision(childId, contactId, decidedAt), manager)).Contact;
        Assert.Equal(MashDecision.StrategyDiscussion, decided.Decision.Decision);
        var expected = decidedAt - contactRequest.ReceivedAt.ToDateTimeOffset();
        Assert.InRange(decided.TimeToDecision.ToTimeSpan(), expected - TimeSpan.FromMilliseconds(1), expected + TimeSpan.FromMilliseconds(1));
        open = await mash.ListOpenEnquiriesAsync(new ListOpenEnquiriesRequest { Borough = ChildRequests.Westminster }, practitioner);
        Assert.DoesNotContain(open.Enquiries, e => e.ContactId == contactId);

        // 9. Every step is in the child's audit trail, and the chain verifies.
        var audit = new AuditService.AuditServiceClient(channel);
        var records = (await audit.ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId }, practitioner)).Records;
        var actions = records.Select(r => r.Action).ToList();
        foreach (var action in new[]
        {
            "child.register", "mash.contact.record", "mash.contact.rate", "mash.requests.send", "mash.consent.record",
            "mash.request.answer", "mash.view", "mash.sharing-without-consent.record", "mash.decision.record",
        })
        {
            Assert.Contains(action, actions);
        }

        Assert.Contains(records, r => r.Action == "mash.request.answer" && r.Outcome == "denied" && r.Organisation == Health);
        Assert.Contains(records, r => r.Action == "mash.view" && r.Detail.Contains($"{Health}: withheld"));
        Assert.Contains(records, r => r.Action == "mash.view" && r.Detail.Contains($"{Health}: returned 1 answers") && r.CaseReference == "MASH-2026-001");
        Assert.DoesNotContain(records, r => r.Detail.Contains(HealthSecret));
        var verified = await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = childId }, Hub.As("hub-admin", "administrator"));
        Assert.True(verified.Intact, verified.Problem);
        Assert.True(verified.RecordsChecked >= records.Count);
    }

    [Fact]
    public async Task Editing_or_deleting_a_stored_audit_row_breaks_verification_at_that_record()
    {
        using var channel = Hub.Channel();
        var mash = new MashService.MashServiceClient(channel);
        var audit = new AuditService.AuditServiceClient(channel);
        var practitioner = Hub.As(ChildRequests.Westminster, "mash-practitioner");
        var admin = Hub.As("hub-admin", "administrator");
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), practitioner)).Contact;
        for (var i = 0; i < 3; i++)
        {
            await mash.GetContactAsync(new GetContactRequest { ChildId = contact.ChildId, ContactId = contact.ContactId }, practitioner);
        }

        Assert.True((await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = contact.ChildId }, admin)).Intact);

        var subject = $"child/{contact.ChildId}";
        Assert.Equal(1, HubDatabase.Execute(Hub.Database, "UPDATE audit_record SET organisation = 'E09000020' WHERE subject = $s AND sequence = 3", ("$s", subject)));
        var edited = await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = contact.ChildId }, admin);
        Assert.False(edited.Intact);
        Assert.Equal(3, edited.FirstBrokenSequence);

        Assert.Equal(1, HubDatabase.Execute(Hub.Database, "DELETE FROM audit_record WHERE subject = $s AND sequence = 2", ("$s", subject)));
        var deleted = await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = contact.ChildId }, admin);
        Assert.False(deleted.Intact);
        Assert.Equal(2, deleted.FirstBrokenSequence);
    }

    private async Task<AgencyRequest> OwnRequest(MashService.MashServiceClient mash, string agency, string childId)
    {
        var inbox = await mash.ListAgencyRequestsAsync(new ListAgencyRequestsRequest(), Hub.As(agency, "agency-responder"));
        return Assert.Single(inbox.Requests, r => r.ChildId == childId);
    }

    private static Contribution Contribution(GetMultiAgencyViewResponse view, string agency) =>
        Assert.Single(view.Contributions, c => c.Agency == agency);
}
