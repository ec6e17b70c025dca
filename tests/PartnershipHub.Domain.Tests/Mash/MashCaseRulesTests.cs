using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.Mash;

/// <summary>The MASH case's rules, step by step, as a Westminster MASH works a contact.</summary>
public sealed class MashCaseRulesTests
{
    private const string Police = "met-police";
    private const string Health = "nhs-cnwl";
    private const string School = "school-st-marys";

    private static readonly DateTimeOffset Received = DateTimeOffset.Parse("2026-11-23T09:00:00Z"); // a Monday
    private static readonly DateTimeOffset Now = Received.AddHours(2);
    private static readonly RecordedBy Practitioner = new("E09000033", HubRoles.MashPractitioner, "jo.bloggs", Now);
    private static readonly RecordedBy PoliceResponder = new(Police, HubRoles.AgencyResponder, "pc.smith", Now.AddHours(1));

    private static readonly AgencyAnswer KnownToPolice = new(
        false, [new AnswerField("known_to_police", "yes")], "Two call-outs this year.", "official-sensitive", LawfulBasis.LawEnforcement, PoliceResponder);

    private int ids;

    [Fact]
    public void A_new_rating_joins_the_history_and_the_latest_decides_the_route()
    {
        var green = Taken(MashCaseRules.Rate(Contact(), BragRating.Green, false, "school worried", Practitioner));
        Assert.Equal(ContactRoute.MashEnquiry, green.Route);

        var amber = MashCaseRules.Rate(green, BragRating.Amber, false, "police know the household", Practitioner);
        Assert.Equal("rated Amber", amber.Outcome);
        Assert.Equal([BragRating.Green, BragRating.Amber], amber.Contact!.Ratings.Select(r => r.Rating));
        Assert.Equal(ContactRoute.Referral, amber.Contact.Route);
    }

    [Fact]
    public void A_decided_contact_is_no_longer_rated()
    {
        var decided = Decided(Rated(BragRating.Green));

        var step = MashCaseRules.Rate(decided, BragRating.Red, false, "late concern", Practitioner);

        Assert.Null(step.Contact);
        Assert.Equal(new MashRuleBreach(null, "the contact has been decided; it can no longer be rated"), step.Breach);
    }

    [Fact]
    public void A_rating_must_be_red_amber_green_or_blue() =>
        Assert.Equal("rating", MashCaseRules.Rate(Contact(), BragRating.None, false, "?", Practitioner).Breach?.Field);

    [Theory]
    [InlineData(BragRating.Red, false)]
    [InlineData(BragRating.Amber, false)]
    public void A_referral_asks_no_agencies(BragRating rating, bool tooLittleInformation)
    {
        var step = Send(Rated(rating, tooLittleInformation), Police);

        Assert.Null(step.Breach?.Field);
        Assert.StartsWith("the contact is Referral, not a MASH enquiry", step.Breach?.Reason);
        Assert.Empty(step.Opened);
    }

    [Fact]
    public void An_unrated_contact_asks_no_agencies() =>
        Assert.StartsWith("the contact is AwaitingRating", Send(Contact(), Police).Breach?.Reason);

    [Fact]
    public void A_red_contact_with_too_little_information_asks_agencies_due_in_four_hours()
    {
        var step = Send(Rated(BragRating.Red, tooLittleInformation: true), Police, Health);

        Assert.Equal("2 requests sent", step.Outcome);
        Assert.Equal([Police, Health], step.Opened.Select(r => r.Agency));
        Assert.All(step.Opened, r => Assert.Equal(Now.AddHours(4), r.DueAt));
        Assert.Equal(step.Opened, step.Contact!.Requests);
    }

    [Fact]
    public void A_blue_contacts_requests_are_due_in_five_working_days()
    {
        var step = Send(Rated(BragRating.Blue), School);

        Assert.Equal(DateTimeOffset.Parse("2026-11-30T11:00:00Z"), Assert.Single(step.Opened).DueAt);
    }

    [Fact]
    public void An_agency_is_asked_again_only_once_it_has_answered()
    {
        var asked = Taken(Send(Rated(BragRating.Green), Police));
        var first = asked.Requests[0].RequestId;

        var again = Send(asked, Health, Police);
        Assert.Equal("agencies[1]", again.Breach?.Field);
        Assert.Contains(first, again.Breach!.Reason);

        var answered = Taken(MashCaseRules.Answer(asked, first, KnownToPolice));
        var followUp = Send(answered, Police);
        Assert.Equal(2, followUp.Contact!.Requests.Count(r => r.Agency == Police));
    }

    [Fact]
    public void An_agency_is_named_once_per_request()
    {
        var step = Send(Rated(BragRating.Green), Police, Health, Police);

        Assert.Equal(new MashRuleBreach("agencies[2]", "appears twice."), step.Breach);
    }

    [Fact]
    public void At_least_one_agency_is_asked() =>
        Assert.Equal("agencies", Send(Rated(BragRating.Green)).Breach?.Field);

    [Fact]
    public void A_decided_contact_asks_no_more_agencies() =>
        Assert.Equal("the contact has been decided; no more requests can be sent", Send(Decided(Rated(BragRating.Green)), Police).Breach?.Reason);

    [Fact]
    public void An_answer_is_recorded_once_and_closes_its_request()
    {
        var asked = Taken(Send(Rated(BragRating.Green), Police, Health));
        var request = asked.Requests[0];

        var step = MashCaseRules.Answer(asked, request.RequestId, KnownToPolice);
        Assert.Equal(KnownToPolice, step.Contact!.Requests[0].Answer);
        Assert.Null(step.Contact.Requests[1].Answer);
        Assert.Equal([request.RequestId], step.Closed.Select(r => r.RequestId));

        var twice = MashCaseRules.Answer(step.Contact, request.RequestId, KnownToPolice);
        Assert.Equal(new MashRuleBreach(null, "the request has already been answered"), twice.Breach);
    }

    [Fact]
    public void An_answer_after_the_decision_is_refused()
    {
        var asked = Taken(Send(Rated(BragRating.Green), Police));

        var step = MashCaseRules.Answer(Decided(asked), asked.Requests[0].RequestId, KnownToPolice);

        Assert.Equal(new MashRuleBreach(null, "the enquiry has been decided; the request is closed"), step.Breach);
    }

    [Fact]
    public void An_answer_names_a_request_of_the_contact() =>
        Assert.Equal("request_id", MashCaseRules.Answer(Rated(BragRating.Green), "0123", KnownToPolice).Breach?.Field);

    [Fact]
    public void A_decision_closes_the_requests_still_unanswered()
    {
        var asked = Taken(Send(Rated(BragRating.Green), Police, Health, School));
        var answered = Taken(MashCaseRules.Answer(asked, asked.Requests[0].RequestId, KnownToPolice));

        var step = MashCaseRules.Decide(answered, MashDecision.EarlyHelp, "family support", null, Now, Now, Practitioner);

        Assert.Equal("decided EarlyHelp", step.Outcome);
        Assert.Equal(new DecisionEntry(MashDecision.EarlyHelp, "family support", null, Now, Practitioner), step.Contact!.Decision);
        Assert.Equal([Health, School], step.Closed.Select(r => r.Agency));
    }

    [Fact]
    public void A_contact_is_decided_once_and_only_once_rated()
    {
        Assert.Equal("the contact has not been rated yet", Decide(Contact(), Now).Breach?.Reason);
        Assert.Equal("the contact has already been decided", Decide(Decided(Rated(BragRating.Blue)), Now).Breach?.Reason);
        Assert.NotNull(Decide(Rated(BragRating.Red), Now).Contact); // a referral is decided without asking anyone
    }

    [Fact]
    public void A_decision_is_dated_between_the_contacts_receipt_and_now_give_or_take_clock_skew()
    {
        var rated = Rated(BragRating.Green);

        Assert.Equal(new MashRuleBreach("decided_at", "is before the contact was received."), Decide(rated, Received.AddSeconds(-1)).Breach);
        Assert.Equal(new MashRuleBreach("decided_at", "is in the future."), Decide(rated, Now + MashCaseRules.ClockSkew + TimeSpan.FromSeconds(1)).Breach);
        Assert.NotNull(Decide(rated, Now + MashCaseRules.ClockSkew).Contact);
        Assert.NotNull(Decide(rated, Received).Contact);
    }

    [Theory]
    [InlineData(MashDecision.TransferToAnotherAuthority, null, "transfer_to")]
    [InlineData(MashDecision.TransferToAnotherAuthority, "", "transfer_to")]
    [InlineData(MashDecision.SingleAssessment, "E09000020", "transfer_to")]
    [InlineData(MashDecision.None, null, "decision")]
    [InlineData((MashDecision)99, null, "decision")]
    public void A_transfer_names_the_authority_and_nothing_else_does(MashDecision decision, string? transferTo, string field)
    {
        var violations = new Violations();
        MashCaseRules.CheckDecision(violations, decision, transferTo);
        Assert.Equal(field, Assert.Single(violations.Items).Field);

        var step = MashCaseRules.Decide(Rated(BragRating.Green), decision, "why", transferTo, Now, Now, Practitioner);
        Assert.Equal(field, step.Breach?.Field);
    }

    [Fact]
    public void A_transfer_to_another_authority_is_decided_with_that_authority()
    {
        var step = MashCaseRules.Decide(Rated(BragRating.Green), MashDecision.TransferToAnotherAuthority, "lives in RBKC", "E09000020", Now, Now, Practitioner);

        Assert.Equal("E09000020", step.Contact!.Decision!.TransferTo);
    }

    [Fact]
    public void The_MASH_follows_progress_without_reading_any_answer()
    {
        var asked = Taken(Send(Rated(BragRating.Green), Police, Health));
        var answered = Taken(MashCaseRules.Answer(asked, asked.Requests[0].RequestId, KnownToPolice));

        var progress = MashCaseRules.Progress(answered);

        var answer = progress.Requests[0].Answer!;
        Assert.Equal(PoliceResponder, answer.By);
        Assert.False(answer.NothingKnown);
        Assert.Empty(answer.Fields);
        Assert.Equal(string.Empty, answer.FreeText);
        Assert.Equal(string.Empty, answer.Classification);
        Assert.Equal(LawfulBasis.None, answer.Basis);
        Assert.Null(progress.Requests[1].Answer);
        Assert.Equal(answered.Requests.Select(r => (r.RequestId, r.Agency, r.DueAt)), progress.Requests.Select(r => (r.RequestId, r.Agency, r.DueAt)));
    }

    [Fact]
    public void A_view_shows_an_included_agencys_answers_from_every_contact_and_none_of_a_withheld_one()
    {
        var first = AnsweredByAll(Taken(Send(Rated(BragRating.Green), Police, Health)));
        var second = AnsweredByAll(Taken(Send(Rated(BragRating.Blue), Police, School)));
        var unanswered = Taken(Send(Rated(BragRating.Green), "probation-london"));
        var contacts = new[] { first, second, unanswered };
        Assert.Equal([Police, Health, School], MashCaseRules.AnsweringAgencies(contacts));

        var decision = new MultiAgencyViewDecision(true, "in the MASH partnership",
        [
            new ContributionAccess(Police, true, LawfulBasis.Consent, "consent given"),
            new ContributionAccess(Health, false, LawfulBasis.None, "consent refused"),
        ]);
        var contents = MashCaseRules.ViewContents(contacts, decision);

        var police = contents.Single(c => c.Agency == Police);
        Assert.True(police.Included);
        Assert.Equal(LawfulBasis.Consent, police.SharedOn);
        Assert.Equal([(first.ContactId, first.Requests[0].RequestId), (second.ContactId, second.Requests[0].RequestId)],
            police.Answers.Select(a => (a.ContactId, a.RequestId)));
        Assert.Equal(first.Requests[0].Answer, police.Answers[0].Answer);

        var health = contents.Single(c => c.Agency == Health);
        Assert.False(health.Included);
        Assert.Empty(health.Answers);
        Assert.Equal("consent refused", health.Reason);

        Assert.DoesNotContain(contents, c => c.Agency == School); // the policy decided nothing for it: nothing shown
    }

    [Fact]
    public void A_refused_view_contains_nothing()
    {
        var contacts = new[] { Answered(Taken(Send(Rated(BragRating.Green), Police))) };

        Assert.Empty(MashCaseRules.ViewContents(contacts, MultiAgencyViewDecision.Deny("not in the MASH partnership")));
    }

    private MashContact Contact() =>
        new(NewId(), "child-1", new ContactDetails("E09000033", Received, "2A", "bruising noticed at school"), Practitioner, [], [], null);

    private MashContact Rated(BragRating rating, bool tooLittleInformation = false) =>
        Taken(MashCaseRules.Rate(Contact(), rating, tooLittleInformation, "front door rating", Practitioner));

    private MashStep Send(MashContact contact, params string[] agencies) =>
        MashCaseRules.SendRequests(contact, agencies, "What do you know of the family?", Practitioner, new ResponseTimes(), NewId);

    private static MashStep Decide(MashContact contact, DateTimeOffset decidedAt) =>
        MashCaseRules.Decide(contact, MashDecision.NoFurtherAction, "no concern", null, decidedAt, Now, Practitioner);

    private static MashContact Decided(MashContact contact) => Taken(Decide(contact, Now));

    /// <summary>The contact with its first request answered.</summary>
    private static MashContact Answered(MashContact contact) => Taken(MashCaseRules.Answer(contact, contact.Requests[0].RequestId, KnownToPolice));

    /// <summary>The contact with every request answered.</summary>
    private static MashContact AnsweredByAll(MashContact contact) =>
        contact.Requests.Aggregate(contact, (c, r) => Taken(MashCaseRules.Answer(c, r.RequestId, KnownToPolice)));

    private static MashContact Taken(MashStep step)
    {
        Assert.Null(step.Breach);
        return step.Contact!;
    }

    private string NewId() => (++ids).ToString("D32");
}
