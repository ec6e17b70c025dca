using Google.Protobuf;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Mash;

/// <summary>Bad MASH input is refused with field detail and changes nothing; callers see only what the policy allows.</summary>
[Collection(HubCollection.Name)]
public sealed class MashRulesTests(HubFixture fixture)
{
    private const string Kensington = "E09000020";
    private const string Ealing = "E09000009";
    private const string Police = "met-police";
    private const string PoliceAnswer = "Known to the borough's CAIT since 2025";

    private HubProcess Hub => fixture.Hub;

    private Metadata Practitioner => Hub.As(ChildRequests.Westminster, "mash-practitioner");

    [Fact]
    public async Task A_contact_with_unknown_codes_is_refused_field_by_field_and_creates_no_child()
    {
        var mash = Client();
        var request = MashRequests.Contact(ChildRequests.Westminster);
        request.ReferralSource = "5D";
        request.Concerns = string.Empty;
        request.Child.Identifiers.UniquePupilNumber = "not-a-upn";

        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => mash.RecordContactAsync(request, Practitioner).ResponseAsync);
        var fields = RpcAssert.Violations(error).Select(v => v.Field).ToList();
        Assert.Contains("referral_source", fields);
        Assert.Contains("concerns", fields);
        Assert.Contains("child.identifiers.unique_pupil_number", fields);

        var valid = MashRequests.Contact(ChildRequests.Westminster);
        valid.Child.Identifiers.NhsNumber = request.Child.Identifiers.NhsNumber;
        Assert.Equal(ChildMatch.NewChild, (await mash.RecordContactAsync(valid, Practitioner)).Match);
    }

    [Fact]
    public async Task Contacts_attach_by_UPN_or_borough_case_id_and_identifiers_of_two_children_are_a_conflict()
    {
        var mash = Client();
        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        var first = MashRequests.Contact(ChildRequests.Westminster);
        first.Child.Identifiers.UniquePupilNumber = "K" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999) + "A";
        first.Child.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = ChildRequests.Westminster, CaseId = caseId });
        var childId = (await mash.RecordContactAsync(first, Practitioner)).Contact.ChildId;

        var byCase = MashRequests.Contact(ChildRequests.Westminster);
        byCase.Child = new ContactChild { Identifiers = new ChildIdentifiers { BoroughCaseIds = { new BoroughCaseId { Borough = ChildRequests.Westminster, CaseId = caseId } } } };
        var matched = await mash.RecordContactAsync(byCase, Practitioner);
        Assert.Equal(ChildMatch.BoroughCaseId, matched.Match);
        Assert.Equal(childId, matched.Contact.ChildId);

        var byUpn = MashRequests.Contact(ChildRequests.Westminster);
        byUpn.Child = new ContactChild { Identifiers = new ChildIdentifiers { UniquePupilNumber = first.Child.Identifiers.UniquePupilNumber.ToLowerInvariant() } };
        Assert.Equal(ChildMatch.UniquePupilNumber, (await mash.RecordContactAsync(byUpn, Practitioner)).Match);

        var otherChild = MashRequests.Contact(ChildRequests.Westminster);
        var otherCaseId = new BoroughCaseId { Borough = ChildRequests.Westminster, CaseId = caseId + "-B" };
        otherChild.Child.Identifiers.BoroughCaseIds.Add(otherCaseId);
        await mash.RecordContactAsync(otherChild, Practitioner);
        var mixed = MashRequests.Contact(ChildRequests.Westminster);
        mixed.Child = new ContactChild { Identifiers = new ChildIdentifiers { NhsNumber = first.Child.Identifiers.NhsNumber, BoroughCaseIds = { otherCaseId } } };
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => mash.RecordContactAsync(mixed, Practitioner).ResponseAsync);
    }

    [Fact]
    public async Task A_new_child_without_names_is_refused_with_the_nested_fields()
    {
        var request = MashRequests.Contact(ChildRequests.Westminster);
        request.Child.GivenName = string.Empty;
        await RpcAssert.InvalidField("child.given_name", () => Client().RecordContactAsync(request, Practitioner).ResponseAsync);
    }

    [Fact]
    public async Task Ratings_decisions_and_requests_with_unknown_codes_are_refused_and_change_nothing()
    {
        var mash = Client();
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), Practitioner)).Contact;
        var ids = (contact.ChildId, contact.ContactId);

        await RpcAssert.InvalidField("rating", () => mash.RateContactAsync(
            new RateContactRequest { ChildId = ids.ChildId, ContactId = ids.ContactId, Rating = (BragRating)9, Rationale = "x" }, Practitioner).ResponseAsync);
        await RpcAssert.InvalidField("decision", () => mash.RecordDecisionAsync(
            new RecordDecisionRequest { ChildId = ids.ChildId, ContactId = ids.ContactId, Rationale = "x" }, Practitioner).ResponseAsync);
        await RpcAssert.InvalidField("agencies[1]", () => mash.SendInformationRequestsAsync(
            new SendInformationRequestsRequest { ChildId = ids.ChildId, ContactId = ids.ContactId, Agencies = { Police, Police }, Question = "?" }, Practitioner).ResponseAsync);
        await RpcAssert.InvalidField("contact_id", () => mash.GetContactAsync(
            new GetContactRequest { ChildId = ids.ChildId, ContactId = "nope" }, Practitioner).ResponseAsync);

        var unchanged = (await mash.GetContactAsync(new GetContactRequest { ChildId = ids.ChildId, ContactId = ids.ContactId }, Practitioner)).Contact;
        Assert.Empty(unchanged.Ratings);
        Assert.Null(unchanged.Decision);
    }

    [Fact]
    public async Task A_red_contact_is_a_referral_and_sends_no_information_requests()
    {
        var mash = Client();
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), Practitioner)).Contact;
        var rated = (await mash.RateContactAsync(new RateContactRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Rating = BragRating.Red,
            Rationale = "Immediate risk",
        }, Practitioner)).Contact;
        Assert.Equal(ContactRoute.Referral, rated.Route);

        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Agencies = { Police },
            Question = "?",
        }, Practitioner).ResponseAsync);

        var tooLittle = (await mash.RateContactAsync(new RateContactRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Rating = BragRating.Red,
            TooLittleInformation = true,
            Rationale = "Need more",
        }, Practitioner)).Contact;
        Assert.Equal(ContactRoute.MashEnquiry, tooLittle.Route);
        Assert.Equal(2, tooLittle.Ratings.Count);
    }

    [Fact]
    public async Task Unknown_children_are_refused_as_other_boroughs_are_and_sharing_without_consent_cannot_claim_consent()
    {
        var mash = Client();
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => mash.GetMultiAgencyViewAsync(MashRequests.View(Guid.NewGuid().ToString("N")), Practitioner).ResponseAsync);
        await RpcAssert.InvalidField("case_reference", () => mash.GetMultiAgencyViewAsync(
            new GetMultiAgencyViewRequest { ChildId = Guid.NewGuid().ToString("N"), Purpose = AccessPurpose.MashEnquiry }, Practitioner).ResponseAsync);
        await RpcAssert.InvalidField("basis", () => mash.RecordSharingWithoutConsentAsync(new RecordSharingWithoutConsentRequest
        {
            ChildId = Guid.NewGuid().ToString("N"),
            Purpose = AccessPurpose.MashEnquiry,
            Basis = LawfulBasis.Consent,
            Reason = "x",
        }, Hub.As(ChildRequests.Westminster, "mash-manager")).ResponseAsync);
        await RpcAssert.InvalidField("purpose", () => mash.RecordConsentAsync(new RecordConsentRequest
        {
            ChildId = Guid.NewGuid().ToString("N"),
            Purpose = AccessPurpose.CaseSync,
            Recipient = Police,
            State = ConsentState.Given,
        }, Practitioner).ResponseAsync);
    }

    [Fact]
    public async Task Each_caller_sees_only_what_the_policy_allows_and_the_agreement_date_decides()
    {
        var mash = Client();
        var childId = await ChildWithPoliceAnswer(mash);

        // Partner borough in the MASH: sees the view; nothing child-level for anyone else.
        var partner = await mash.GetMultiAgencyViewAsync(MashRequests.View(childId), Hub.As(Kensington, "mash-practitioner"));
        Assert.Equal(PoliceAnswer, partner.Contributions.Single().Answers.Single().Answer.FreeText);
        foreach (var (organisation, role) in new[]
        {
            (Ealing, "mash-practitioner"), (ChildRequests.Westminster, "partnership-analyst"), (Police, "agency-responder"),
            ("hub-admin", "administrator"), (ChildRequests.Westminster, "borough-sync"),
        })
        {
            var error = await RpcAssert.Fails(StatusCode.PermissionDenied, () => mash.GetMultiAgencyViewAsync(MashRequests.View(childId), Hub.As(organisation, role)).ResponseAsync);
            Assert.DoesNotContain(PoliceAnswer, error.Status.Detail + string.Concat(error.Trailers.Select(t => t.IsBinary ? Convert.ToBase64String(t.ValueBytes) : t.Value)));
        }

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => mash.GetMultiAgencyViewAsync(MashRequests.View(childId)).ResponseAsync);

        // The administrator ends the tri-borough MASH agreement two days ago: the same call from Kensington is now refused.
        var partnerships = new PartnershipService.PartnershipServiceClient(Hub.Channel());
        var admin = Hub.As("hub-admin", "administrator");
        var triborough = (await partnerships.ListAgreementsAsync(new ListAgreementsRequest(), Practitioner)).Agreements.Single(a => a.Id == "mash-triborough");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => partnerships.SaveAgreementAsync(new SaveAgreementRequest { Agreement = triborough }, Practitioner).ResponseAsync);
        var ended = triborough.Clone();
        ended.To = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");
        await RpcAssert.InvalidField("agreement.to", () => partnerships.SaveAgreementAsync(
            new SaveAgreementRequest { Agreement = new Agreement(ended) { To = "1999-01-01" } }, admin).ResponseAsync);
        try
        {
            await partnerships.SaveAgreementAsync(new SaveAgreementRequest { Agreement = ended }, admin);
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => mash.GetMultiAgencyViewAsync(MashRequests.View(childId), Hub.As(Kensington, "mash-practitioner")).ResponseAsync);
        }
        finally
        {
            await partnerships.SaveAgreementAsync(new SaveAgreementRequest { Agreement = triborough }, admin);
        }

        Assert.NotEmpty((await mash.GetMultiAgencyViewAsync(MashRequests.View(childId), Hub.As(Kensington, "mash-practitioner"))).Contributions);
    }

    [Fact]
    public async Task An_agency_cannot_answer_another_agencys_request_and_the_request_stays_open()
    {
        var mash = Client();
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), Practitioner)).Contact;
        await mash.RateContactAsync(new RateContactRequest { ChildId = contact.ChildId, ContactId = contact.ContactId, Rating = BragRating.Blue, Rationale = "Low" }, Practitioner);
        var sent = (await mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Agencies = { Police },
            Question = "Anything known?",
        }, Practitioner)).Contact;
        var request = sent.Requests.Single();

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => mash.AnswerInformationRequestAsync(
            MashRequests.Answer(contact.ChildId, request.RequestId, "x"), Hub.As("nhs-cnwl", "agency-responder")).ResponseAsync);
        await RpcAssert.InvalidField("nothing_known", () => mash.AnswerInformationRequestAsync(
            new AnswerInformationRequestRequest(MashRequests.Answer(contact.ChildId, request.RequestId, "x")) { NothingKnown = true }, Hub.As(Police, "agency-responder")).ResponseAsync);

        var inbox = await mash.ListAgencyRequestsAsync(new ListAgencyRequestsRequest(), Hub.As(Police, "agency-responder"));
        Assert.Contains(inbox.Requests, r => r.RequestId == request.RequestId);
        Assert.Null((await mash.GetContactAsync(new GetContactRequest { ChildId = contact.ChildId, ContactId = contact.ContactId }, Practitioner)).Contact.Requests.Single().AnsweredAt);
    }

    [Fact]
    public async Task The_MASH_sees_which_agencies_are_overdue_once_a_requests_due_time_passes()
    {
        var mash = Client();
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), Practitioner)).Contact;
        await mash.RateContactAsync(new RateContactRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Rating = BragRating.Red,
            TooLittleInformation = true,
            Rationale = "Urgent, little known",
        }, Practitioner);
        var requests = (await mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Agencies = { Police, "nhs-cnwl" },
            Question = "Anything known?",
        }, Practitioner)).Contact.Requests;
        Assert.All(requests, r => Assert.Equal(HubFixture.RedResponseTime, r.DueAt.ToDateTime() - r.Sent.At.ToDateTime()));
        await mash.AnswerInformationRequestAsync(MashRequests.Answer(contact.ChildId, requests.Single(r => r.Agency == Police).RequestId, "x"), Hub.As(Police, "agency-responder"));

        var before = Assert.Single((await mash.ListOpenEnquiriesAsync(new ListOpenEnquiriesRequest { Borough = ChildRequests.Westminster }, Practitioner)).Enquiries, e => e.ContactId == contact.ContactId);
        Assert.Equal((2, 1, 0), (before.RequestsSent, before.RequestsOutstanding, before.RequestsOverdue));

        await Task.Delay(requests[0].DueAt.ToDateTime() - DateTime.UtcNow + TimeSpan.FromMilliseconds(200));
        var after = Assert.Single((await mash.ListOpenEnquiriesAsync(new ListOpenEnquiriesRequest { Borough = ChildRequests.Westminster }, Practitioner)).Enquiries, e => e.ContactId == contact.ContactId);
        Assert.Equal((2, 1, 1), (after.RequestsSent, after.RequestsOutstanding, after.RequestsOverdue));
        Assert.Equal(["nhs-cnwl"], after.OverdueAgencies);
        var progress = (await mash.GetContactAsync(new GetContactRequest { ChildId = contact.ChildId, ContactId = contact.ContactId }, Practitioner)).Contact.Requests;
        Assert.Equal([false, true], progress.OrderBy(r => r.Agency == "nhs-cnwl").Select(r => r.Overdue));
        var inbox = await mash.ListAgencyRequestsAsync(new ListAgencyRequestsRequest(), Hub.As("nhs-cnwl", "agency-responder"));
        Assert.True(inbox.Requests.Single(r => r.ContactId == contact.ContactId).Overdue);
    }

    private MashService.MashServiceClient Client() => new(Hub.Channel());

    /// <summary>A child with a green enquiry whose police answer is shared with consent.</summary>
    private async Task<string> ChildWithPoliceAnswer(MashService.MashServiceClient mash)
    {
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), Practitioner)).Contact;
        await mash.RateContactAsync(new RateContactRequest { ChildId = contact.ChildId, ContactId = contact.ContactId, Rating = BragRating.Green, Rationale = "Some concern" }, Practitioner);
        var request = (await mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Agencies = { Police },
            Question = "Anything known?",
        }, Practitioner)).Contact.Requests.Single();
        await mash.RecordConsentAsync(new RecordConsentRequest
        {
            ChildId = contact.ChildId,
            Purpose = AccessPurpose.MashEnquiry,
            Recipient = Police,
            State = ConsentState.Given,
        }, Practitioner);
        await mash.AnswerInformationRequestAsync(MashRequests.Answer(contact.ChildId, request.RequestId, PoliceAnswer), Hub.As(Police, "agency-responder"));
        return contact.ChildId;
    }
}
