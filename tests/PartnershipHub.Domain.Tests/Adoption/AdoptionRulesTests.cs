using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Adoption;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.Adoption;

public sealed class AdoptionRulesTests
{
    private const string Lbhf = "E09000013";
    private const string Rbkc = "E09000020";
    private const string Westminster = "E09000033";
    private const string Ealing = "E09000009";
    private const string Brent = "E09000005";

    private static readonly DateOnly Today = new(2026, 11, 23);

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static Dictionary<AdopterMilestone, DateOnly> Journey(params (AdopterMilestone Milestone, string Date)[] reached) =>
        reached.ToDictionary(r => r.Milestone, r => D(r.Date));

    [Fact]
    public void An_approved_household_may_be_matched_on_or_after_its_approval() =>
        Assert.Null(AdoptionMilestones.Check(
            Journey((AdopterMilestone.Enquiry, "2026-01-10"), (AdopterMilestone.Approved, "2026-06-01")), AdopterMilestone.Matched, D("2026-06-01"), Today));

    [Fact]
    public void A_match_before_approval_is_a_step_out_of_turn()
    {
        var problem = AdoptionMilestones.Check(Journey((AdopterMilestone.Enquiry, "2026-01-10")), AdopterMilestone.Matched, D("2026-06-01"), Today);
        Assert.True(problem!.WrongStep);
        Assert.Contains("Approved", problem.Description);
    }

    [Fact]
    public void Each_milestone_is_recorded_once()
    {
        var problem = AdoptionMilestones.Check(
            Journey((AdopterMilestone.Enquiry, "2026-01-10"), (AdopterMilestone.Approved, "2026-06-01")), AdopterMilestone.Approved, D("2026-07-01"), Today);
        Assert.True(problem!.WrongStep);
    }

    [Theory]
    [InlineData("2026-01-09")] // before the enquiry
    [InlineData("2026-11-24")] // tomorrow
    public void An_approval_dated_before_the_enquiry_or_in_the_future_is_a_wrong_date(string approved)
    {
        var problem = AdoptionMilestones.Check(Journey((AdopterMilestone.Enquiry, "2026-01-10")), AdopterMilestone.Approved, D(approved), Today);
        Assert.False(problem!.WrongStep);
    }

    [Theory]
    [InlineData("2026-08-09", false)] // 9 weeks 6 days after placement
    [InlineData("2026-08-10", true)] // exactly 10 weeks
    public void An_adoption_order_needs_the_child_to_have_lived_with_the_adopters_for_ten_weeks(string order, bool allowed)
    {
        var journey = Journey(
            (AdopterMilestone.Enquiry, "2025-09-01"), (AdopterMilestone.Approved, "2026-03-01"),
            (AdopterMilestone.Matched, "2026-05-01"), (AdopterMilestone.Placed, "2026-06-01"));
        Assert.Equal(allowed, AdoptionMilestones.Check(journey, AdopterMilestone.AdoptionOrder, D(order), Today) is null);
    }

    [Fact]
    public void Capacity_is_checked_field_by_field()
    {
        var violations = new Violations();
        AdopterPreferences.Check(violations, 0, 5, 3);
        Assert.Equal(["preferences.children", "preferences.max_age_years"], violations.Items.Select(v => v.Field));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(4, null, true)]
    [InlineData(7, null, false)] // older than the household's range
    [InlineData(3, 2, true)]
    [InlineData(3, 3, false)] // a sibling group larger than the household is approved for
    public void Waiting_households_are_filtered_by_the_childs_age_and_sibling_group(int? age, int? siblings, bool fits) =>
        Assert.Equal(fits, AdopterPreferences.Fits(children: 2, minAgeYears: 0, maxAgeYears: 5, age, siblings));

    [Fact]
    public void Only_an_approved_household_without_a_match_is_waiting()
    {
        Assert.True(AdopterPreferences.IsWaiting(D("2026-06-01"), 0));
        Assert.False(AdopterPreferences.IsWaiting(null, 0));
        Assert.False(AdopterPreferences.IsWaiting(D("2026-06-01"), 1));
    }

    [Fact]
    public void Hammersmith_and_Fulham_searches_the_regional_adoption_partnership_while_fostering_stays_tri_borough()
    {
        var scope = AccessPolicy.AdoptionSearchScope(new Caller(Lbhf, HubRoles.SocialWorker, "sw"), PartnershipAgreements.Seed, Today);
        Assert.Contains(Ealing, scope);
        Assert.Contains(Brent, scope);
        Assert.DoesNotContain(Westminster, scope);
        Assert.DoesNotContain(Rbkc, scope);

        var fostering = AccessPolicy.FosteringSearchScope(new Caller(Lbhf, HubRoles.SocialWorker, "sw"), PartnershipAgreements.Seed, Today);
        Assert.Equal([Lbhf, Rbkc, Westminster], fostering.Order(StringComparer.Ordinal));

        var before = AccessPolicy.AdoptionSearchScope(new Caller(Lbhf, HubRoles.SocialWorker, "sw"), PartnershipAgreements.Seed, D("2019-09-30"));
        Assert.Contains(Westminster, before);
        Assert.DoesNotContain(Ealing, before);
    }

    [Fact]
    public void Only_social_workers_search_and_a_partner_borough_reads_a_household_only_while_it_shares_adoption()
    {
        Assert.Empty(AccessPolicy.AdoptionSearchScope(new Caller(Lbhf, HubRoles.MashManager, "m"), PartnershipAgreements.Seed, Today));
        var ealing = new Caller(Ealing, HubRoles.SocialWorker, "sw");
        Assert.True(AccessPolicy.CanViewAdopter(ealing, Lbhf, PartnershipAgreements.Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanViewAdopter(ealing, Westminster, PartnershipAgreements.Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanViewAdopter(new Caller(Westminster, HubRoles.SocialWorker, "sw"), Lbhf, PartnershipAgreements.Seed, Today).Allowed);
    }
}
