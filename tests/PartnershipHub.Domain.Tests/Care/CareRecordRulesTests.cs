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
