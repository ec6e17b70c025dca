using PartnershipHub.Domain.Access;

namespace PartnershipHub.Domain.Tests.Access;

public sealed class AccessPolicyTests
{
    private const string Westminster = "E09000033";
    private const string Kensington = "E09000020";

    [Theory]
    [InlineData(HubRoles.MashPractitioner)]
    [InlineData(HubRoles.BoroughSync)]
    public void Case_working_roles_of_the_borough_may_register_read_and_list(string role)
    {
        var caller = new Caller(Westminster, role, "u1");
        Assert.True(AccessPolicy.CanRegisterChild(caller, Westminster).Allowed);
        Assert.True(AccessPolicy.CanReadChild(caller, Westminster).Allowed);
        Assert.True(AccessPolicy.CanListBoroughChildren(caller, Westminster).Allowed);
    }

    [Fact]
    public void Another_borough_is_refused_with_the_reason()
    {
        var caller = new Caller(Kensington, HubRoles.MashPractitioner, "u1");
        var decision = AccessPolicy.CanReadChild(caller, Westminster);
        Assert.False(decision.Allowed);
        Assert.Contains(Kensington, decision.Reason);
    }

    [Theory]
    [InlineData(HubRoles.PartnershipAnalyst)]
    [InlineData(HubRoles.Administrator)]
    [InlineData(HubRoles.AgencyResponder)]
    [InlineData("superuser")]
    public void Roles_without_case_work_see_no_child_even_in_their_own_borough(string role)
    {
        var caller = new Caller(Westminster, role, "u1");
        Assert.False(AccessPolicy.CanRegisterChild(caller, Westminster).Allowed);
        Assert.False(AccessPolicy.CanReadChild(caller, Westminster).Allowed);
        Assert.False(AccessPolicy.CanListBoroughChildren(caller, Westminster).Allowed);
    }
}
