using PartnershipHub.Domain.PrivateFostering;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.PrivateFostering;

public sealed class PrivateFosteringRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Theory]
    [InlineData("2026-11-23", "2026-12-02")] // Monday: the following Wednesday week
    [InlineData("2026-12-22", "2027-01-05")] // Tuesday, over Christmas Day, the Boxing Day substitute and New Year's Day
    public void The_initial_visit_is_due_7_working_days_after_the_notification(string notified, string due) =>
        Assert.Equal(D(due), PrivateFosteringRules.InitialVisitDue(D(notified)));

    [Theory]
    [InlineData("2026-11-01", "2026-11-03", false)] // within 48 hours of the start
    [InlineData("2026-11-01", "2026-11-04", true)]
    [InlineData("2026-12-01", "2026-11-04", false)] // notified ahead of a proposed arrangement
    public void A_notification_more_than_48_hours_after_the_start_is_late(string start, string notified, bool late) =>
        Assert.Equal(late, PrivateFosteringRules.IsLate(D(notified), D(start)));

    [Fact]
    public void A_notification_in_the_future_or_too_far_ahead_of_the_start_is_refused_field_by_field()
    {
        var violations = new Violations();
        PrivateFosteringRules.CheckNotification(violations, D("2026-11-24"), D("2027-03-01"), Today);
        Assert.Equal(["notification_date", "arrangement_start_date"], violations.Items.Select(v => v.Field));

        var fine = new Violations();
        PrivateFosteringRules.CheckNotification(fine, D("2026-11-20"), D("2026-09-01"), Today);
        Assert.True(fine.IsEmpty);
    }

    [Theory]
    [InlineData("2026-10-31", "is before")]
    [InlineData("2026-11-24", "future")]
    public void An_end_or_move_before_the_start_or_in_the_future_is_refused(string end, string expected)
    {
        var violations = new Violations();
        PrivateFosteringRules.CheckEnd(violations, "move_date", D("2026-11-01"), D(end), Today);
        Assert.Contains(expected, Assert.Single(violations.Items).Description);
    }

    [Theory]
    [InlineData("w2", "W2")]
    [InlineData(" SW1A ", "SW1A")]
    [InlineData("W10", "W10")]
    [InlineData("NW8", "NW8")]
    [InlineData("W2 1AA", null)] // a full postcode: only the district is held
    [InlineData("2W", null)]
    [InlineData("", null)]
    public void Only_the_postcode_district_is_accepted(string value, string? district)
    {
        var violations = new Violations();
        Assert.Equal(district, PartnershipHub.Domain.Identifiers.PostcodeDistrict.Check(violations, "postcode_district", value));
        Assert.Equal(district is null, !violations.IsEmpty);
    }
}
