using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.CodeLists;
using PartnershipHub.Domain.Mash;

namespace PartnershipHub.Domain.Tests.Mash;

public sealed class MashRulesTests
{
    [Theory]
    [InlineData(BragRating.Red, false, ContactRoute.Referral)]
    [InlineData(BragRating.Amber, false, ContactRoute.Referral)]
    [InlineData(BragRating.Red, true, ContactRoute.MashEnquiry)]
    [InlineData(BragRating.Green, false, ContactRoute.MashEnquiry)]
    [InlineData(BragRating.Blue, false, ContactRoute.MashEnquiry)]
    [InlineData(BragRating.None, true, ContactRoute.AwaitingRating)]
    public void Red_and_amber_are_referrals_unless_there_is_too_little_information(BragRating rating, bool tooLittle, ContactRoute route) =>
        Assert.Equal(route, BragRules.RouteFor(rating, tooLittle));

    [Theory]
    [InlineData(BragRating.Red, "2026-11-23T10:00:00Z", "2026-11-23T14:00:00Z")]
    [InlineData(BragRating.Amber, "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z")]
    [InlineData(BragRating.Green, "2026-11-23T10:00:00Z", "2026-11-26T10:00:00Z")]
    [InlineData(BragRating.Blue, "2026-11-23T10:00:00Z", "2026-11-30T10:00:00Z")] // Monday to Monday
    [InlineData(BragRating.Blue, "2026-12-22T09:00:00Z", "2026-12-31T09:00:00Z")] // over Christmas, Boxing Day substitute on the 28th
    [InlineData(BragRating.Blue, "2026-04-01T09:00:00Z", "2026-04-10T09:00:00Z")] // over Good Friday and Easter Monday
    public void Answers_are_due_by_the_ratings_default_response_time(BragRating rating, string sent, string due) =>
        Assert.Equal(DateTimeOffset.Parse(due), new ResponseTimes().DueAt(rating, DateTimeOffset.Parse(sent)));

    [Fact]
    public void Response_times_are_configurable()
    {
        var times = new ResponseTimes { RedHours = 1, BlueWorkingDays = 1 };
        var friday = DateTimeOffset.Parse("2026-11-27T16:00:00Z");
        Assert.Equal(friday.AddHours(1), times.DueAt(BragRating.Red, friday));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T16:00:00Z"), times.DueAt(BragRating.Blue, friday));
    }

    [Fact]
    public void Weekends_and_bank_holidays_are_not_working_days()
    {
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 11, 28))); // Saturday
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 8, 31))); // summer bank holiday
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void The_partnership_day_is_Londons_not_UTCs()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
        Assert.Equal(new DateOnly(2026, 7, 1), LondonTime.DateOf(DateTimeOffset.Parse("2026-06-30T23:30:00Z")));
        Assert.Equal(new DateOnly(2026, 12, 31), LondonTime.DateOf(DateTimeOffset.Parse("2026-12-31T23:30:00Z")));
    }

    [Theory]
    [InlineData("2A", true)]
    [InlineData("6", true)]
    [InlineData("10", true)]
    [InlineData("5D", false)]
    [InlineData("", false)]
    public void Referral_sources_come_from_the_CIN_census_list(string code, bool known) =>
        Assert.Equal(known, StatutoryCodes.ReferralSource.IsKnown(code));
}
