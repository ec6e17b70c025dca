using PartnershipHub.Domain.Access;

namespace PartnershipHub.Domain.Tests.Access;

/// <summary>Who may open the board's performance pack: every role the hub knows, and one it does not.</summary>
public sealed class PerformancePackPolicyTests
{
    public static TheoryData<string, bool> Roles { get; } = new()
    {
        { HubRoles.PartnershipAnalyst, true },
        { HubRoles.Administrator, true },
        { HubRoles.MashPractitioner, false },
        { HubRoles.MashManager, false },
        { HubRoles.SocialWorker, false },
        { HubRoles.AgencyResponder, false },
        { HubRoles.BoroughSync, false },
        { "board-member", false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Only_the_partnerships_analysts_and_administrators_open_the_pack_and_a_refusal_says_why(string role, bool allowed)
    {
        var decision = AccessPolicy.CanViewPerformancePack(new Caller("E09000033", role, "u1"));
        Assert.Equal(allowed, decision.Allowed);
        Assert.Contains(role, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void The_same_roles_and_only_they_keep_the_england_and_london_comparators(string role, bool allowed)
    {
        var decision = AccessPolicy.CanKeepComparators(new Caller("lscp", role, "u1"));
        Assert.Equal(allowed, decision.Allowed);
        Assert.Contains(role, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_role_the_hub_knows_is_decided_here()
    {
        Assert.Subset(Roles.Select(r => (string)r[0]).ToHashSet(), HubRoles.All.ToHashSet());
    }
}
