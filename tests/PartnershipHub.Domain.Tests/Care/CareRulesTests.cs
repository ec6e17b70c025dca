using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.Care;

public sealed class CareRulesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Theory]
    [InlineData("2026-01-05", "2026-03-09")] // 45 working days, over no bank holiday
    [InlineData("2026-03-02", "2026-05-07")] // over Good Friday, Easter Monday and the early May holiday
    public void A_single_assessment_is_due_45_working_days_after_referral(string referral, string due) =>
        Assert.Equal(D(due), Timescales.AssessmentDue(D(referral)));

    [Fact]
    public void An_initial_conference_is_due_15_working_days_after_the_strategy_discussion() =>
        Assert.Equal(D("2026-12-14"), Timescales.ConferenceDue(D("2026-11-23")));

    [Fact]
    public void Plan_reviews_are_due_at_3_months_then_every_6_months()
    {
        Assert.Equal(D("2026-04-15"), Timescales.PlanReviewDue(D("2026-01-15"), null));
        Assert.Equal(D("2026-10-10"), Timescales.PlanReviewDue(D("2026-01-15"), D("2026-04-10")));
    }

    [Fact]
    public void Care_reviews_are_due_at_20_working_days_then_3_months_then_every_6_months()
    {
        Assert.Equal(D("2026-12-21"), Timescales.CareReviewDue(D("2026-11-23"), []));
        Assert.Equal(D("2027-03-18"), Timescales.CareReviewDue(D("2026-11-23"), [D("2026-12-18")]));
        Assert.Equal(D("2027-09-15"), Timescales.CareReviewDue(D("2026-11-23"), [D("2026-12-18"), D("2027-03-15")]));
    }

    [Theory]
    [InlineData("2026-06-01", "2025-06-01", true)] // exactly 12 months
    [InlineData("2026-06-01", "2025-05-31", false)]
    [InlineData("2026-06-01", "2026-06-01", false)] // the same referral
    public void A_referral_within_12_months_of_another_is_a_re_referral(string referral, string earlier, bool reReferral) =>
        Assert.Equal(reReferral, Timescales.IsReReferral(D(referral), [D(earlier)]));

    [Fact]
    public void End_dates_must_follow_starts_and_a_plan_cannot_end_the_day_it_starts()
    {
        var violations = new Violations();
        DatedPeriods.CheckOrder(violations, "end", new DatedPeriod(D("2026-02-01"), D("2026-01-31")), sameDayAllowed: true);
        DatedPeriods.CheckOrder(violations, "plan.end", new DatedPeriod(D("2026-02-01"), D("2026-02-01")), sameDayAllowed: false);
        DatedPeriods.CheckOrder(violations, "episode.end", new DatedPeriod(D("2026-02-01"), D("2026-02-01")), sameDayAllowed: true);

        Assert.Equal(["end", "plan.end"], violations.Items.Select(v => v.Field));
    }

    [Fact]
    public void An_episode_may_not_overlap_another_of_its_kind_and_an_open_one_runs_on()
    {
        var existing = new[]
        {
            ("episode 1", new DatedPeriod(D("2026-01-01"), D("2026-01-31"))),
            ("episode 2", new DatedPeriod(D("2026-03-01"), null)),
        };
        var violations = new Violations();
        DatedPeriods.CheckNoOverlap(violations, "a", new DatedPeriod(D("2026-02-01"), D("2026-02-28")), existing);
        DatedPeriods.CheckNoOverlap(violations, "b", new DatedPeriod(D("2026-01-31"), D("2026-02-10")), existing);
        DatedPeriods.CheckNoOverlap(violations, "c", new DatedPeriod(D("2027-01-01"), null), existing);

        Assert.Equal(["b", "c"], violations.Items.Select(v => v.Field));
        Assert.Contains("episode 1", violations.Items[0].Description);
        Assert.Contains("episode 2", violations.Items[1].Description);
    }
}
