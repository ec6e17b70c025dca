using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.Care;

public sealed class CareRecordRulesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static CareEpisode Episode(string start, string? end = null, string rne = "S") =>
        new(D(start), rne, "C2", "U3", "PR1", "W6", end is null ? null : D(end), end is null ? null : "X1");

    private static IReadOnlyList<string> Fields(CareRecord record, params CareRecord[] others)
    {
        var violations = new Violations();
        CareRecordRules.Check(violations, record, [.. others.Select((o, i) => new IdentifiedRecord($"r{i}", o))]);
        return [.. violations.Items.Select(v => v.Field)];
    }

    [Fact]
    public void The_next_episode_may_start_on_the_day_the_last_ended_but_not_the_day_before() =>
        Assert.Multiple(
            () => Assert.Empty(Fields(Episode("2025-06-02", rne: "P"), Episode("2025-03-10", "2025-06-02"))),
            () => Assert.Equal(["start_date"], Fields(Episode("2025-06-01", rne: "P"), Episode("2025-03-10", "2025-06-02"))),
            () => Assert.Equal(["start_date"], Fields(Episode("2026-01-01"), Episode("2025-03-10"))));

    [Fact]
    public void Child_protection_and_child_in_need_plans_overlap_each_other_but_not_their_own_kind()
    {
        var protection = new Plan(PlanType.ChildProtection, D("2025-01-27"), null, "NEG", "NEG", 0, []);
        var inNeed = new Plan(PlanType.ChildInNeed, D("2025-02-01"), null, null, null, 0, []);
        Assert.Empty(Fields(inNeed, protection));
        Assert.Equal(["start_date"], Fields(protection with { StartDate = D("2025-03-01") }, protection));
    }

    [Fact]
    public void A_plan_cannot_start_and_end_on_the_same_day_and_only_a_protection_plan_has_categories()
    {
        Assert.Equal(["end_date"], Fields(new Plan(PlanType.ChildProtection, D("2025-01-27"), D("2025-01-27"), "NEG", "NEG", 0, [])));
        Assert.Equal(["initial_category"], Fields(new Plan(PlanType.ChildInNeed, D("2025-01-27"), null, "NEG", null, 0, [])));
        Assert.Equal(["review_dates[0]"], Fields(new Plan(PlanType.ChildProtection, D("2025-01-27"), null, "NEG", "PHY", 0, [D("2025-01-01")])));
    }

    [Fact]
    public void An_episode_that_ends_gives_a_reason_from_the_list_and_one_that_goes_on_gives_none()
    {
        Assert.Equal(["reason_ceased"], Fields(Episode("2025-03-10") with { EndDate = D("2025-04-01"), ReasonCeased = "E99" }));
        Assert.Equal(["reason_ceased"], Fields(Episode("2025-03-10") with { ReasonCeased = "E11" }));
        Assert.Equal(["postcode_district"], Fields(Episode("2025-03-10") with { PostcodeDistrict = "W6 7AB" }));
    }

    [Fact]
    public void What_the_statutory_returns_do_not_carry_may_be_left_unknown()
    {
        var unknownAgencies = new Section47Enquiry(D("2014-01-08"), [], D("2014-01-08"), null, Section47Outcome.None);
        Assert.Empty(Fields(unknownAgencies));
        Assert.False(unknownAgencies.MultiAgencyStrategy);
        Assert.Empty(Fields(new Conference(D("2014-01-20"), "r0", [], null, null, null, true), unknownAgencies));
        Assert.Empty(Fields(Episode("2014-03-10") with { Provider = null, PostcodeDistrict = null }));
        Assert.Empty(Fields(new Plan(PlanType.ChildProtection, D("2014-01-27"), null, "NEG", null, 0, [])));
        Assert.Equal(["initial_category"], Fields(new Plan(PlanType.ChildProtection, D("2014-01-27"), null, null, null, 0, [])));
    }

    [Fact]
    public void A_conference_naming_its_enquiry_by_the_boroughs_source_id_gets_the_hubs_id_and_one_never_sent_is_refused_naming_it()
    {
        var conference = new Conference(D("2014-01-20"), string.Empty, [], null, null, null, true) { Section47SourceId = "S47-A1-20140108" };
        var sent = new Dictionary<string, string> { ["S47-A1-20140108"] = "abc" };
        var violations = new Violations();
        Assert.Equal("abc", ((Conference)CareRecordRules.ResolveSourceIds(violations, conference, id => sent.GetValueOrDefault(id))).Section47Id);
        Assert.True(violations.IsEmpty);

        CareRecordRules.ResolveSourceIds(violations, conference with { Section47SourceId = "S47-A1-20990101" }, id => sent.GetValueOrDefault(id));
        Assert.Equal("section_47_source_id", violations.Items.Single().Field);
        Assert.Contains("S47-A1-20990101", violations.Items.Single().Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_only_a_born_child_has_are_not_dated_before_the_birth_but_an_unborn_childs_referral_is()
    {
        var born = D("2014-06-01");
        string[] Checked(CareRecord record)
        {
            var violations = new Violations();
            CareRecordRules.CheckAfterBirth(violations, record, born);
            return [.. violations.Items.Select(v => v.Field)];
        }

        Assert.Equal(["start_date"], Checked(Episode("2014-05-31")));
        Assert.Empty(Checked(Episode("2014-06-01")));
        Assert.Equal(["status_date"], Checked(new CareLeaverStatus(D("2014-01-01"), "NO", null, null, null, null, null)));
        Assert.Empty(Checked(new Referral(D("2014-03-01"), "6", null)));
        Assert.Equal(D("2014-03-10"), CareRecordRules.FirstAfterBirth([new Referral(D("2014-01-01"), "6", null), Episode("2014-03-10"), Episode("2015-03-10")])!.Date);
    }

    [Fact]
    public void A_conference_follows_its_own_section_47_enquiry()
    {
        var enquiry = new Section47Enquiry(D("2025-01-08"), ["E09000033", "met-police"], D("2025-01-08"), null, Section47Outcome.None);
        var conference = new Conference(D("2025-01-27"), "r0", ["E09000033"], true, false, null, true);
        Assert.Empty(Fields(conference, enquiry));
        Assert.Equal(["conference_date"], Fields(conference with { ConferenceDate = D("2025-01-07") }, enquiry));
        Assert.Equal(["section_47_id"], Fields(conference with { Section47Id = "r9" }, enquiry));
    }

    [Fact]
    public void A_review_falls_in_a_period_of_care()
    {
        Assert.Empty(Fields(new CareReview(D("2025-04-01"), "PN1"), Episode("2025-03-10")));
        Assert.Equal(["review_date"], Fields(new CareReview(D("2025-03-01"), "PN1"), Episode("2025-03-10")));
        Assert.Equal(["review_date"], Fields(new CareReview(D("2025-06-02"), "PN1"), Episode("2025-03-10", "2025-06-02")));
    }

    [Fact]
    public void Adoption_milestones_are_recorded_once_each_and_in_order()
    {
        var order = new AdoptionMilestone(AdoptionStep.PlacementOrder, D("2026-01-12"), null);
        Assert.Empty(Fields(new AdoptionMilestone(AdoptionStep.Matched, D("2026-03-02"), null), order));
        Assert.Equal(["milestone_date"], Fields(new AdoptionMilestone(AdoptionStep.Matched, D("2026-01-11"), null), order));
        Assert.Equal(["milestone_date"], Fields(new AdoptionMilestone(AdoptionStep.DecisionToPlace, D("2026-02-01"), null), order));
        Assert.Equal(["step"], Fields(order with { MilestoneDate = D("2026-01-13") }, order));
    }

    [Fact]
    public void A_return_home_interview_follows_the_return_and_finds_nothing_unless_accepted()
    {
        var interview = new ReturnInterview(D("2025-10-04"), true, "barnardos", ["conflict"], [], [], []);
        Assert.Empty(Fields(new MissingEpisode(D("2025-10-01"), D("2025-10-03"), "M", interview)));
        Assert.Equal(["interview"], Fields(new MissingEpisode(D("2025-10-01"), null, "M", interview)));
        Assert.Equal(["interview.offered_date"], Fields(new MissingEpisode(D("2025-10-01"), D("2025-10-05"), "A", interview)));
        Assert.Equal(["interview.accepted"], Fields(new MissingEpisode(D("2025-10-01"), D("2025-10-03"), "M", interview with { Accepted = false })));
    }

    [Fact]
    public void A_care_leaver_in_touch_has_an_activity_and_accommodation_and_one_not_in_touch_has_neither()
    {
        Assert.Empty(Fields(new CareLeaverStatus(D("2026-05-17"), "YES", "F1", "U", true, "Leaving care team", null)));
        Assert.Equal(["activity", "accommodation_suitable"], Fields(new CareLeaverStatus(D("2026-05-17"), "YES", null, "U", null, null, null)));
        Assert.Equal(["in_touch"], Fields(new CareLeaverStatus(D("2026-05-17"), "NO", "G4", null, null, null, null)));
    }
}
