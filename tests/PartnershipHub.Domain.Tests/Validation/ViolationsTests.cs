using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.Validation;

public sealed class ViolationsTests
{
    [Fact]
    public void Two_hundred_thousand_violations_keep_the_first_twenty_and_count_the_rest()
    {
        var violations = new Violations("child.");
        for (var i = 0; i < 200_000; i++)
        {
            violations.Add($"items[{i}]", "is wrong.");
        }

        Assert.Equal(RequestLimits.ReportedViolations + 1, violations.Items.Count);
        Assert.Equal("child.items[19]", violations.Items[RequestLimits.ReportedViolations - 1].Field);
        Assert.Equal(Violations.MoreField, violations.Items[^1].Field);
        Assert.Contains("199980 more", violations.Items[^1].Description);
    }

    [Fact]
    public void Included_violations_count_towards_the_same_cap()
    {
        var inner = new Violations("child.");
        var outer = new Violations();
        for (var i = 0; i < 15; i++)
        {
            inner.Add($"a[{i}]", "x");
            outer.Add($"b[{i}]", "x");
        }

        outer.Include(inner);

        Assert.Equal(RequestLimits.ReportedViolations + 1, outer.Items.Count);
        Assert.Equal(10, outer.Omitted);
    }
}
