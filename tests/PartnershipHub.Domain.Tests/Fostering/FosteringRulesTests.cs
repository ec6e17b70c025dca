using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Fostering;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Tests.Fostering;

public sealed class FosteringRulesTests
{
    private const string Lbhf = "E09000013";
    private const string Rbkc = "E09000020";
    private const string Wcc = "E09000033";
    private const string Ealing = "E09000009";

    private static readonly IReadOnlySet<string> TriBorough = new HashSet<string> { Lbhf, Rbkc, Wcc };

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static HouseholdOffer Offer(
        string id, string district = "W6", int places = 2, int placed = 0, int minAge = 0, int maxAge = 17, bool siblings = true,
        HouseholdKind kind = HouseholdKind.Mainstream, ApprovalStatus status = ApprovalStatus.Approved, string borough = Lbhf,
        params CarerNeed[] needs) =>
        new(id, borough, kind, status, places, placed, minAge, maxAge, siblings, needs, district);

    private static PlacementNeed Child(int age, string? district = null, params CarerNeed[] needs) => new([age], needs, district);

    [Theory]
    [InlineData("W6", "W6")]
    [InlineData(" sw1a ", "SW1A")]
    [InlineData("NW10", "NW10")]
    [InlineData("ec1a", "EC1A")]
    [InlineData("E1", "E1")]
    public void Postcode_districts_are_outward_codes_in_upper_case(string given, string district)
    {
        Assert.Equal(district, PostcodeDistrict.Normalise(given));
    }

    [Theory]
    [InlineData("")]
    [InlineData("6W")]
    [InlineData("W")]
    [InlineData("W6 0AA")]
    [InlineData("SWA1")]
    [InlineData("ABC1")]
    [InlineData("W123")]
    public void Anything_but_an_outward_code_is_refused(string given)
    {
        Assert.Null(PostcodeDistrict.Normalise(given));
    }

    [Fact]
    public void A_household_in_assessment_is_approved_then_suspended_and_a_deregistered_one_stays_so()
    {
        Assert.True(HouseholdApproval.CanMove(ApprovalStatus.InAssessment, ApprovalStatus.Approved));
        Assert.True(HouseholdApproval.CanMove(ApprovalStatus.Approved, ApprovalStatus.Suspended));
        Assert.True(HouseholdApproval.CanMove(ApprovalStatus.Suspended, ApprovalStatus.Approved));
        Assert.False(HouseholdApproval.CanMove(ApprovalStatus.InAssessment, ApprovalStatus.Suspended));
        Assert.False(HouseholdApproval.CanMove(ApprovalStatus.Approved, ApprovalStatus.Approved));
        Assert.False(HouseholdApproval.CanMove(ApprovalStatus.Deregistered, ApprovalStatus.Approved));
    }

    [Fact]
    public void The_annual_review_is_due_a_year_after_approval_then_a_year_after_the_last_review()
    {
        Assert.Null(HouseholdApproval.ReviewDue(null, null));
        Assert.Equal(D("2026-03-01"), HouseholdApproval.ReviewDue(D("2025-03-01"), null));
        Assert.Equal(D("2027-02-14"), HouseholdApproval.ReviewDue(D("2025-03-01"), D("2026-02-14")));
        Assert.Equal(D("2025-02-28"), HouseholdApproval.ReviewDue(D("2024-02-29"), null));
    }

    [Fact]
    public void A_review_is_overdue_the_day_after_it_falls_due_and_only_while_the_household_is_approved_or_suspended()
    {
        var due = D("2026-03-01");
        Assert.False(HouseholdApproval.ReviewOverdue(ApprovalStatus.Approved, due, due));
        Assert.True(HouseholdApproval.ReviewOverdue(ApprovalStatus.Approved, due, D("2026-03-02")));
        Assert.True(HouseholdApproval.ReviewOverdue(ApprovalStatus.Suspended, due, D("2026-03-02")));
        Assert.False(HouseholdApproval.ReviewOverdue(ApprovalStatus.Deregistered, due, D("2026-03-02")));
        Assert.False(HouseholdApproval.ReviewOverdue(ApprovalStatus.InAssessment, null, D("2026-03-02")));
    }

    [Theory]
    [InlineData("2016-05-17", "2026-05-16", 9)]
    [InlineData("2016-05-17", "2026-05-17", 10)]
    [InlineData("2016-02-29", "2026-02-28", 9)]
    [InlineData("2016-02-29", "2026-03-01", 10)]
    public void A_childs_age_counts_whole_years_on_the_day(string born, string day, int age) =>
        Assert.Equal(age, Ages.On(D(born), D(day)));

    [Fact]
    public void Vacancies_are_places_less_children_placed_and_never_negative()
    {
        Assert.Equal(2, FosterVacancies.Count(3, 1));
        Assert.Equal(0, FosterVacancies.Count(1, 1));
        Assert.Equal(0, FosterVacancies.Count(1, 2));
    }

    [Fact]
    public void A_ten_year_old_fits_an_approved_mainstream_household_with_room_and_the_right_ages()
    {
        Assert.True(VacancyMatching.Fits(Offer("a", minAge: 5, maxAge: 12), Child(10), TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("b", minAge: 11, maxAge: 17), Child(10), TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("c", places: 1, placed: 1), Child(10), TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("d", status: ApprovalStatus.Suspended), Child(10), TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("e", status: ApprovalStatus.InAssessment), Child(10), TriBorough));
    }

    [Fact]
    public void Connected_persons_are_never_offered_by_a_general_search()
    {
        Assert.False(VacancyMatching.Fits(Offer("cp", kind: HouseholdKind.ConnectedPersons), Child(10), TriBorough));
    }

    [Fact]
    public void Households_of_boroughs_outside_the_callers_search_scope_are_not_offered()
    {
        Assert.False(VacancyMatching.Fits(Offer("ealing", borough: Ealing), Child(10), TriBorough));
    }

    [Fact]
    public void A_sibling_group_needs_a_household_taking_siblings_with_a_place_for_each_and_every_age_in_range()
    {
        var brothers = new PlacementNeed([4, 9], [], null);
        Assert.True(VacancyMatching.Fits(Offer("a", places: 3, placed: 1, minAge: 3, maxAge: 10), brothers, TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("b", places: 3, placed: 2), brothers, TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("c", siblings: false), brothers, TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("d", minAge: 5), brothers, TriBorough));
    }

    [Fact]
    public void Every_need_must_be_one_the_household_can_meet()
    {
        var need = Child(15, null, CarerNeed.Remand, CarerNeed.UnaccompaniedAsylumSeekingChild);
        Assert.True(VacancyMatching.Fits(Offer("a", needs: [CarerNeed.Remand, CarerNeed.UnaccompaniedAsylumSeekingChild, CarerNeed.Disability]), need, TriBorough));
        Assert.False(VacancyMatching.Fits(Offer("b", needs: [CarerNeed.Remand]), need, TriBorough));
    }

    [Fact]
    public void Results_come_same_district_first_then_same_area_then_the_rest_and_then_most_vacancies()
    {
        var offers = new[]
        {
            Offer("far-big", district: "SW6", places: 3),
            Offer("area-small", district: "W12", places: 1),
            Offer("area-big", district: "W14", places: 3),
            Offer("district", district: "W6", places: 1),
            Offer("full", district: "W6", places: 1, placed: 1),
        };

        var found = VacancyMatching.Search(offers, Child(10, "W6"), TriBorough);

        Assert.Equal(["district", "area-big", "area-small", "far-big"], found.Select(m => m.Offer.HouseholdId));
        Assert.Equal([LocationMatch.SameDistrict, LocationMatch.SameArea, LocationMatch.SameArea, LocationMatch.Elsewhere], found.Select(m => m.Location));
    }

    [Fact]
    public void Without_a_preferred_district_the_most_vacancies_come_first()
    {
        var found = VacancyMatching.Search([Offer("one", places: 1), Offer("three", places: 3)], Child(10), TriBorough);
        Assert.Equal(["three", "one"], found.Select(m => m.Offer.HouseholdId));
        Assert.All(found, m => Assert.Equal(LocationMatch.NoPreference, m.Location));
    }

    [Fact]
    public void A_westminster_social_worker_searches_the_tri_borough_while_the_fostering_agreement_is_in_force()
    {
        var worker = new Caller(Wcc, HubRoles.SocialWorker, "sw");
        var ended = PartnershipAgreements.Seed.Select(a => a.Id == "fostering-triborough" ? a with { To = D("2026-06-30") } : a).ToList();

        Assert.Equal(TriBorough, AccessPolicy.FosteringSearchScope(worker, PartnershipAgreements.Seed, D("2026-07-01")));
        Assert.Equal([Wcc], AccessPolicy.FosteringSearchScope(worker, ended, D("2026-07-01")));
    }

    [Fact]
    public void A_placement_ends_on_the_word_of_the_childs_borough_or_the_carers_borough_and_nobody_else()
    {
        Assert.True(AccessPolicy.CanEndPlacementWithCarers(new(Wcc, HubRoles.SocialWorker, "sw"), Wcc, Lbhf).Allowed);
        Assert.True(AccessPolicy.CanEndPlacementWithCarers(new(Lbhf, HubRoles.SocialWorker, "sw"), Wcc, Lbhf).Allowed);
        Assert.False(AccessPolicy.CanEndPlacementWithCarers(new(Ealing, HubRoles.SocialWorker, "sw"), Wcc, Lbhf).Allowed);
        Assert.False(AccessPolicy.CanEndPlacementWithCarers(new(Wcc, HubRoles.MashManager, "m"), Wcc, Lbhf).Allowed);
    }
}
