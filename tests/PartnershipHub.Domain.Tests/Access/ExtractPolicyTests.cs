using PartnershipHub.Domain.Access;

namespace PartnershipHub.Domain.Tests.Access;

public sealed class ExtractPolicyTests
{
    [Theory]
    [InlineData("lscp")]
    [InlineData("E09000033")]
    public void A_partnership_analyst_may_pull_a_minimised_extract(string organisation)
    {
        var decision = AccessPolicy.CanPullChildExtract(new Caller(organisation, HubRoles.PartnershipAnalyst, "analyst"));
        Assert.True(decision.Allowed);
        Assert.Contains("minimised", decision.Reason);
    }

    [Theory]
    [InlineData(HubRoles.MashPractitioner)]
    [InlineData(HubRoles.MashManager)]
    [InlineData(HubRoles.SocialWorker)]
    [InlineData(HubRoles.BoroughSync)]
    [InlineData(HubRoles.AgencyResponder)]
    [InlineData(HubRoles.Administrator)]
    [InlineData("PARTNERSHIP-ANALYST")]
    [InlineData("")]
    public void Everyone_else_is_refused_even_staff_of_the_childrens_own_borough(string role)
    {
        var decision = AccessPolicy.CanPullChildExtract(new Caller("E09000033", role, "u"));
        Assert.False(decision.Allowed);
        Assert.Contains($"'{role}'", decision.Reason);
    }
}
