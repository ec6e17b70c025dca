using PartnershipHub.Domain.Care;

namespace PartnershipHub.Domain.Tests.Care;

public sealed class CareSummaryTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static CareSummary Summary(string today, params CareRecord[] records) =>
        CareSummary.Of([.. records.Select((r, i) => new IdentifiedRecord($"r{i}", r))], D(today));

    [Fact]
    public void A_second_referral_within_12_months_is_a_re_referral_and_an_assessment_runs_from_its_referral()
    {
        var summary = Summary("2026-06-01",
            new Referral(D("2025-06-01"), "6", null),
            new Referral(D("2026-05-01"), "2A", null),
            new Assessment(D("2026-05-04"), null, []));
        Assert.Equal(["r1"], summary.ReReferrals);
        var assessment = Assert.Single(summary.Assessments);
        Assert.Equal(D("2026-07-07"), assessment.Due); // 45 working days from 1 May, over two May bank holidays
        Assert.Null(assessment.OnTime);
    }

    [Fact]
    public void An_assessment_authorised_after_its_due_day_or_still_open_past_it_is_late()
    {
        var late = Summary("2026-09-01", new Referral(D("2026-05-01"), "6", null), new Assessment(D("2026-05-04"), D("2026-07-08"), ["16A"]));
        Assert.False(late.Assessments.Single().OnTime);
        var overdue = Summary("2026-09-01", new Referral(D("2026-05-01"), "6", null), new Assessment(D("2026-05-04"), null, []));
        Assert.False(overdue.Assessments.Single().OnTime);
        var onTime = Summary("2026-09-01", new Referral(D("2026-05-01"), "6", null), new Assessment(D("2026-05-04"), D("2026-07-07"), []));
        Assert.True(onTime.Assessments.Single().OnTime);
    }

    [Fact]
    public void A_strategy_discussion_of_police_and_social_care_alone_is_not_multi_agency()
    {
        var summary = Summary("2025-01-20", new Section47Enquiry(D("2025-01-08"), ["E09000033", "met-police"], D("2025-01-08"), null, Section47Outcome.None));
        var enquiry = summary.Section47Enquiries.Single();
        Assert.False(enquiry.MultiAgencyStrategy);
        Assert.Null(enquiry.ConferenceOnTime); // not due until 29 January
    }

    [Fact]
    public void Placements_count_in_the_period_of_care_and_a_legal_status_change_is_not_a_move()
    {
        var summary = Summary("2025-12-01",
            new CareEpisode(D("2024-01-01"), "S", "V2", "U3", "PR1", "W6", D("2024-03-01"), "E13"),
            new CareEpisode(D("2025-03-10"), "S", "C1", "U3", "PR1", "W6", D("2025-06-02"), "X1"),
            new CareEpisode(D("2025-06-02"), "P", "C1", "U4", "PR4", "W10", D("2025-08-01"), "X1"),
            new CareEpisode(D("2025-08-01"), "L", "C2", "U4", "PR4", "W10", null, null),
            new CareReview(D("2025-04-01"), "PN1"));
        var lookedAfter = summary.LookedAfter!;
        Assert.Equal(D("2025-03-10"), lookedAfter.PeriodStart);
        Assert.Equal(2, lookedAfter.Placements);
        Assert.Equal("C2", lookedAfter.LegalStatus);
        Assert.Equal(D("2025-07-01"), lookedAfter.NextReviewDue); // 3 months after the first review
    }

    [Fact]
    public void The_child_protection_plan_in_force_shows_its_next_review_and_whether_it_is_a_repeat()
    {
        var summary = Summary("2025-06-01", new Plan(PlanType.ChildProtection, D("2025-01-27"), null, "NEG", "EMO", 1, [D("2025-04-20")]));
        Assert.Equal(new PlanStatus("r0", D("2025-01-27"), "EMO", true, D("2025-10-20")), summary.ChildProtectionPlan);
        Assert.Null(Summary("2025-06-01", new Plan(PlanType.ChildProtection, D("2025-01-27"), D("2025-05-01"), "NEG", "NEG", 0, [])).ChildProtectionPlan);
    }

    [Fact]
    public void The_latest_cse_category_counts_and_days_to_the_adoptive_family_run_from_the_start_of_care()
    {
        var summary = Summary("2026-06-01",
            new CseRisk(D("2025-01-01"), "CAT2"),
            new CseRisk(D("2025-09-01"), "BLUE"),
            new CareEpisode(D("2025-03-10"), "S", "C1", "U3", "PR1", "W6", D("2026-04-13"), "X1"),
            new CareEpisode(D("2026-04-13"), "P", "E1", "A6", "PR1", "TW9", null, null),
            new AdoptionMilestone(AdoptionStep.PlacedForAdoption, D("2026-04-13"), null));
        Assert.Equal("BLUE", summary.CseCategory);
        Assert.Equal(399, summary.DaysFromCareToAdoptiveFamily);
    }
}
