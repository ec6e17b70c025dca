using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Extracts;

namespace PartnershipHub.Domain.Tests.Extracts;

public sealed class ChildExtractsTests
{
    private const string Brent = "E09000005";
    private static readonly DateOnly YearEnd = new(2025, 3, 31);
    private static readonly DateOnly Born = new(2019, 6, 14);

    private static readonly ExtractCohort[] Both = [ExtractCohort.ChildProtectionPlan, ExtractCohort.LookedAfter];

    [Fact]
    public void A_child_on_a_plan_on_31_March_has_a_row_with_the_birth_month_age_band_and_latest_category_only()
    {
        var plan = ProtectionPlan(new DateOnly(2024, 10, 1), null, latest: "EMO");

        var row = ChildExtracts.RowOf(Brent, Born, [plan], YearEnd, Both);

        Assert.Equal(new ChildExtractRow("2019-06", Brent, "5-9", new ExtractPlan("EMO"), null), row);
        Assert.Equal(["row_id", "birth_month", "responsible_borough", "age_band", "child_protection.category"], ChildExtracts.FieldsOf(row!));
    }

    [Fact]
    public void A_looked_after_child_has_the_legal_status_placement_type_and_district_of_the_episode_in_force_that_day()
    {
        var first = Episode(new DateOnly(2024, 5, 1), new DateOnly(2025, 2, 1), "C1", "U3", "NW10");
        var second = Episode(new DateOnly(2025, 2, 1), null, "C2", "U4", "HA9");

        var row = ChildExtracts.RowOf(Brent, new DateOnly(2010, 2, 3), [first, second], YearEnd, Both);

        Assert.Equal(new ChildExtractRow("2010-02", Brent, "10-15", null, new ExtractCare("C2", "U4", "HA9")), row);
        Assert.Equal(new ExtractCare("C1", "U3", "NW10"), ChildExtracts.RowOf(Brent, null, [first, second], new DateOnly(2025, 1, 31), Both)!.LookedAfter);
    }

    [Fact]
    public void A_plan_or_episode_ending_on_the_date_no_longer_counts_that_day_as_in_the_measures()
    {
        var plan = ProtectionPlan(new DateOnly(2023, 5, 1), YearEnd);
        var episode = Episode(new DateOnly(2024, 1, 1), YearEnd, "V2", "U1", "W2");

        Assert.Null(ChildExtracts.RowOf(Brent, Born, [plan, episode], YearEnd, Both));
        Assert.NotNull(ChildExtracts.RowOf(Brent, Born, [plan, episode], YearEnd.AddDays(-1), Both));
        Assert.Null(ChildExtracts.RowOf(Brent, Born, [ProtectionPlan(YearEnd.AddDays(1), null)], YearEnd, Both));
    }

    [Fact]
    public void A_child_in_need_plan_a_referral_or_nothing_at_all_puts_no_child_in_an_extract()
    {
        var childInNeed = new Plan(PlanType.ChildInNeed, new DateOnly(2024, 1, 1), null, null, null, 0, []);
        var referral = new Referral(new DateOnly(2024, 1, 1), "6", null);

        Assert.Null(ChildExtracts.RowOf(Brent, Born, [childInNeed, referral], YearEnd, Both));
        Assert.Null(ChildExtracts.RowOf(Brent, Born, [], YearEnd, Both));
    }

    [Fact]
    public void An_extract_of_one_cohort_leaves_out_the_other_and_a_child_in_both_has_one_row_with_both()
    {
        var plan = ProtectionPlan(new DateOnly(2025, 1, 6), null);
        var episode = Episode(new DateOnly(2025, 3, 1), null, "L2", "K2", "W2");

        Assert.Null(ChildExtracts.RowOf(Brent, Born, [plan], YearEnd, [ExtractCohort.LookedAfter]));
        var both = ChildExtracts.RowOf(Brent, Born, [plan, episode], YearEnd, Both)!;
        Assert.NotNull(both.ChildProtection);
        Assert.NotNull(both.LookedAfter);
        var careOnly = ChildExtracts.RowOf(Brent, Born, [plan, episode], YearEnd, [ExtractCohort.LookedAfter])!;
        Assert.Null(careOnly.ChildProtection);
        Assert.Equal(7, ChildExtracts.FieldsOf(careOnly).Count);
    }

    [Fact]
    public void Without_a_known_date_of_birth_the_row_says_not_recorded_and_the_age_band_is_unknown()
    {
        var row = ChildExtracts.RowOf(Brent, null, [ProtectionPlan(new DateOnly(2025, 1, 6), null, latest: null)], YearEnd, Both)!;

        Assert.Equal(ChildExtracts.NotRecorded, row.BirthMonth);
        Assert.Equal("unknown", row.AgeBand);
        Assert.Equal(ChildExtracts.NotRecorded, row.ChildProtection!.Category);
    }

    [Theory]
    [InlineData("W2", "W2")]
    [InlineData("w2 4qh", "W2")]
    [InlineData(" SW1A 1AA ", "SW1A")]
    [InlineData("NW10", "NW10")]
    [InlineData("", "not recorded")]
    [InlineData("W2 4QH extra", "W2")]
    [InlineData("1234", "not recorded")]
    public void No_more_than_the_postcode_district_ever_leaves(string postcode, string district) =>
        Assert.Equal(district, ChildExtracts.District(postcode));

    [Fact]
    public void A_birth_month_keeps_the_year_and_month_only()
    {
        Assert.Equal("2007-01", ChildExtracts.BirthMonth(new DateOnly(2007, 1, 31)));
        Assert.Equal("not recorded", ChildExtracts.BirthMonth(null));
    }

    private static Plan ProtectionPlan(DateOnly start, DateOnly? end, string? latest = "NEG") =>
        new(PlanType.ChildProtection, start, end, "NEG", latest, 0, []);

    private static CareEpisode Episode(DateOnly start, DateOnly? end, string legalStatus, string placement, string district) =>
        new(start, "S", legalStatus, placement, "PR1", district, end, end is null ? null : "X1");
}
