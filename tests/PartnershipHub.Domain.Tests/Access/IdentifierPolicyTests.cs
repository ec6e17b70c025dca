using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Tests.Access;

public sealed class IdentifierPolicyTests
{
    private const string Westminster = "E09000033";
    private const string Kensington = "E09000020";
    private const string Ealing = "E09000009";
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Theory]
    [InlineData(Westminster, true)]
    [InlineData(Kensington, true)]
    [InlineData(Ealing, false)]
    public void A_child_is_matched_by_identifier_only_within_its_boroughs_MASH_partnership(string callerBorough, bool matched)
    {
        var caller = new Caller(callerBorough, HubRoles.MashPractitioner, "u1");

        Assert.Equal(matched, AccessPolicy.CanMatchByIdentifier(caller, Westminster, PartnershipAgreements.Seed, Today).Allowed);
    }

    [Fact]
    public void Once_the_MASH_agreement_has_ended_a_former_partner_matches_nothing()
    {
        var ended = PartnershipAgreements.Seed.Select(a => a.Service == SharedService.Mash ? a with { To = Today.AddDays(-1) } : a).ToList();

        Assert.False(AccessPolicy.CanMatchByIdentifier(new Caller(Kensington, HubRoles.MashPractitioner, "u1"), Westminster, ended, Today).Allowed);
    }

    [Theory]
    [InlineData(Westminster, HubRoles.SocialWorker, true)]
    [InlineData(Westminster, HubRoles.BoroughSync, true)]
    [InlineData(Westminster, HubRoles.MashPractitioner, true)]
    [InlineData(Ealing, HubRoles.SocialWorker, false)]
    [InlineData(Kensington, HubRoles.BoroughSync, false)]
    [InlineData(Westminster, HubRoles.Administrator, false)]
    [InlineData(Westminster, HubRoles.AgencyResponder, false)]
    public void Only_a_boroughs_own_staff_and_sync_service_use_its_case_ids(string organisation, string role, bool allowed)
    {
        Assert.Equal(allowed, AccessPolicy.CanUseCaseId(new Caller(organisation, role, "u1"), Westminster).Allowed);
    }

    [Theory]
    [InlineData(Westminster, HubRoles.SocialWorker, true)]
    [InlineData(Kensington, HubRoles.BoroughSync, true)]
    [InlineData(Kensington, HubRoles.SocialWorker, true)]
    [InlineData(Kensington, HubRoles.MashPractitioner, false)]
    [InlineData(Kensington, HubRoles.PartnershipAnalyst, false)]
    [InlineData(Ealing, HubRoles.BoroughSync, false)]
    [InlineData(Ealing, HubRoles.SocialWorker, false)]
    public void A_partner_sharing_fostering_or_adoption_links_its_own_case_id_to_a_child_and_no_one_else_does(string organisation, string role, bool allowed)
    {
        Assert.Equal(allowed, AccessPolicy.CanLinkCaseId(new Caller(organisation, role, "u1"), Westminster, PartnershipAgreements.Seed, Today).Allowed);
    }

    [Fact]
    public void Once_the_shared_services_have_ended_a_former_partner_links_nothing()
    {
        var ended = PartnershipAgreements.Seed.Select(a => a.Service is SharedService.Fostering or SharedService.Adoption ? a with { To = Today.AddDays(-1) } : a).ToList();

        Assert.False(AccessPolicy.CanLinkCaseId(new Caller(Kensington, HubRoles.BoroughSync, "u1"), Westminster, ended, Today).Allowed);
    }
}
