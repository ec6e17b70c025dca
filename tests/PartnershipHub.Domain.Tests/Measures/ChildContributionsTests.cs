using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Domain.Tests.Measures;

public sealed class ChildContributionsTests
{
    private const string Westminster = "E09000033";

    [Fact]
    public void A_green_enquiry_decided_after_thirty_hours_with_one_answer_late_counts_for_the_front_door_that_received_it()
    {
        var received = new DateTimeOffset(2024, 11, 4, 9, 0, 0, TimeSpan.Zero);
        var contact = new ContactFacts("E09000013", BragRating.Green, received, received.AddHours(30.5),
            [new RequestFacts(received.AddHours(24), received.AddHours(20)), new RequestFacts(received.AddHours(24), received.AddHours(26))]);

        var counts = ChildContributions.Of(new ChildFacts(Westminster, new DateOnly(2015, 1, 1), [], [contact]));

        Assert.Equal(2, counts["E09000013/2024-25/mash-requests-due/"]);
        Assert.Equal(1, counts["E09000013/2024-25/mash-requests-on-time/"]);
        Assert.Equal(1, counts["E09000013/2024-25/mash-decisions/rating=green"]);
        Assert.Equal(1, counts["E09000013/2024-25/mash-decision-hours-30/rating=green"]);
        Assert.DoesNotContain(counts.Keys, k => k.StartsWith(Westminster, StringComparison.Ordinal));
    }

    [Fact]
    public void An_open_plan_counts_on_every_31_March_from_its_start_and_ending_it_back_dated_takes_it_off_the_later_ones()
    {
        var open = new Plan(PlanType.ChildProtection, new DateOnly(2022, 6, 1), null, "NEG", "NEG", 0, []);
        var before = ChildContributions.Of(new ChildFacts(Westminster, new DateOnly(2020, 2, 10), [new IdentifiedRecord("p", open)], []));
        var after = ChildContributions.Of(new ChildFacts(Westminster, new DateOnly(2020, 2, 10), [new IdentifiedRecord("p", open with { EndDate = new DateOnly(2024, 3, 31) })], []));

        Assert.Equal(1, before["E09000033/2023-03-31/cp-plans/age-band=1-4"]);
        Assert.Equal(1, before["E09000033/2035-03-31/cp-plans/"]);
        var difference = Contributions.Difference(before, after);
        Assert.Equal(-1, difference["E09000033/2024-03-31/cp-plans/"]); // ended on 31 March: no longer on a plan that day
        Assert.False(difference.ContainsKey("E09000033/2023-03-31/cp-plans/"));
        Assert.Equal(1, difference["E09000033/2023-24/cp-plans-ended/"]);
    }

    [Fact]
    public void A_placement_whose_district_is_not_known_counts_as_looked_after_but_not_in_the_placement_location_measures()
    {
        var located = new CareEpisode(new DateOnly(2013, 5, 1), "S", "C2", "U3", "PR1", "B1", null, null);
        var unknown = new CareEpisode(new DateOnly(2013, 5, 1), "S", "C2", "U3", null, null, null, null);
        var counts = ChildContributions.Of(new ChildFacts(Westminster, new DateOnly(1996, 2, 1), [new IdentifiedRecord("e", located)], []));
        var notLocated = ChildContributions.Of(new ChildFacts(Westminster, new DateOnly(1996, 2, 1), [new IdentifiedRecord("e", unknown)], []));
        Assert.Equal((1, 1, 1), (counts["E09000033/2014-03-31/looked-after/"], counts["E09000033/2014-03-31/looked-after-location-known/"], counts["E09000033/2014-03-31/looked-after-outside-london/"]));
        Assert.Equal(1, notLocated["E09000033/2014-03-31/looked-after/"]);
        Assert.False(notLocated.ContainsKey("E09000033/2014-03-31/looked-after-location-known/"));
        Assert.False(notLocated.ContainsKey("E09000033/2014-03-31/looked-after-outside-london/"));
        Assert.Equal(1, counts["E09000033/2014-03-31/looked-after/age-band=18-plus"]); // 18 on the day counted, not on today
    }

    [Fact]
    public void Working_days_skip_the_bank_holidays_loaded_as_data_for_past_years()
    {
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2022, 9, 19))); // the state funeral
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2020, 5, 8))); // VE day, moved
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2020, 5, 4)));
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2012, 6, 5))); // the diamond jubilee, for a history loaded from 2010
        Assert.Equal(2010, WorkingDays.YearsHeld.First);
    }

    [Theory]
    [InlineData(HubRoles.PartnershipAnalyst, "lscp", true, true)]
    [InlineData(HubRoles.SocialWorker, Westminster, false, true)]
    [InlineData(HubRoles.SocialWorker, Westminster, true, false)]
    [InlineData(HubRoles.SocialWorker, "E09000013", false, false)]
    [InlineData(HubRoles.BoroughSync, Westminster, false, false)]
    [InlineData(HubRoles.AgencyResponder, "met-police", false, false)]
    [InlineData(HubRoles.Administrator, "hub-admin", false, false)]
    public void Analysts_read_every_boroughs_datasets_and_borough_staff_only_their_own(string role, string organisation, bool partnership, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanReadDataset(new Caller(organisation, role, "u"), [Westminster], partnership).Allowed);
}
