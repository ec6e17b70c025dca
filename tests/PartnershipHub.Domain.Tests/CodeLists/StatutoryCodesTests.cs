using PartnershipHub.Domain.CodeLists;

namespace PartnershipHub.Domain.Tests.CodeLists;

public sealed class StatutoryCodesTests
{
    [Fact]
    public void Every_list_loads_from_the_data_file_with_titles_and_descriptions()
    {
        Assert.Equal(14, StatutoryCodes.All.Count());
        Assert.All(StatutoryCodes.All, list =>
        {
            Assert.False(string.IsNullOrWhiteSpace(list.Title));
            Assert.NotEmpty(list.Codes);
            Assert.All(list.Codes.Values, description => Assert.False(string.IsNullOrWhiteSpace(description)));
        });
    }

    [Theory]
    [InlineData("legal-status", "C2", true)]
    [InlineData("legal-status", "C9", false)]
    [InlineData("placement-type", "U4", true)]
    [InlineData("placement-type", "u4", false)]
    [InlineData("reason-episode-ceased", "E11", true)]
    [InlineData("reason-for-new-episode", "S", true)]
    [InlineData("plan-category", "NEG", true)]
    [InlineData("plan-category", "XYZ", false)]
    public void Codes_are_checked_exactly_as_published(string list, string code, bool known) =>
        Assert.Equal(known, StatutoryCodes.All.Single(l => l.Name == list).IsKnown(code));

    [Fact]
    public void A_violation_message_lists_the_accepted_codes()
    {
        Assert.Contains("NEG, PHY, SAB, EMO, MUL", StatutoryCodes.PlanCategory.Expected);
    }
}
