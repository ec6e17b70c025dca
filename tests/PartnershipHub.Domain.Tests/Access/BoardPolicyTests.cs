using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Tests.Access;

public sealed class BoardPolicyTests
{
    private const string Board = "lscb-triborough";
    private const string Wcc = "E09000033";
    private const string Ealing = "E09000009";
    private const string Police = "met-police";

    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly IReadOnlyList<PartnershipAgreement> Seed = PartnershipAgreements.Seed;

    [Theory]
    [InlineData(Wcc, HubRoles.PartnershipAnalyst, "2026-11-23", true)]
    [InlineData(Police, HubRoles.Administrator, "2026-11-23", true)]
    [InlineData(Ealing, HubRoles.PartnershipAnalyst, "2026-11-23", false)] // Ealing is not in the tri-borough partnership
    [InlineData(Wcc, HubRoles.PartnershipAnalyst, "2012-03-31", false)] // the day before the tri-borough LSCB began
    [InlineData(Wcc, HubRoles.SocialWorker, "2026-11-23", false)]
    [InlineData(Wcc, HubRoles.MashManager, "2026-11-23", false)]
    [InlineData(Police, HubRoles.AgencyResponder, "2026-11-23", false)]
    [InlineData(Wcc, "superuser", "2026-11-23", false)]
    public void Only_an_administrator_or_an_analyst_of_a_member_of_the_partnership_that_day_manages_the_board(
        string organisation, string role, string day, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanManageBoard(new Caller(organisation, role, "u"), Board, Seed, DateOnly.Parse(day)).Allowed);

    [Fact]
    public void A_board_that_is_not_a_safeguarding_partnership_is_managed_by_no_analyst()
    {
        var analyst = new Caller(Wcc, HubRoles.PartnershipAnalyst, "u");
        Assert.False(AccessPolicy.CanManageBoard(analyst, "mash-triborough", Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanManageBoard(analyst, "no-such-board", Seed, Today).Allowed);
    }

    [Theory]
    [InlineData(Police, HubRoles.AgencyResponder, Police, true)]
    [InlineData(Wcc, HubRoles.SocialWorker, Wcc, true)]
    [InlineData(Wcc, HubRoles.MashManager, Wcc, true)]
    [InlineData(Wcc, HubRoles.BoroughSync, Wcc, false)] // a machine reports on nothing
    [InlineData(Police, HubRoles.AgencyResponder, Wcc, false)] // another organisation's action
    [InlineData(Ealing, HubRoles.SocialWorker, Wcc, false)]
    [InlineData(Police, "superuser", Police, false)]
    [InlineData(Wcc, HubRoles.PartnershipAnalyst, Police, true)] // the partnership's analyst manages every item
    public void An_item_is_reported_on_by_the_assigned_organisations_staff_and_by_those_who_manage_the_board(
        string organisation, string role, string assignedTo, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanReportOnBoardItem(new Caller(organisation, role, "u"), Board, assignedTo, Seed, Today).Allowed);

    [Theory]
    [InlineData(BoardItemStatus.InProgress, true)]
    [InlineData(BoardItemStatus.Done, false)]
    [InlineData(BoardItemStatus.Dropped, false)]
    public void The_assigned_agency_starts_work_but_only_the_board_signs_an_item_off(BoardItemStatus to, bool allowed)
    {
        var police = new Caller(Police, HubRoles.AgencyResponder, "u");
        Assert.Equal(allowed, AccessPolicy.CanChangeBoardItemStatus(police, Board, Police, to, Seed, Today).Allowed);
        Assert.True(AccessPolicy.CanChangeBoardItemStatus(new Caller(Wcc, HubRoles.PartnershipAnalyst, "a"), Board, Police, to, Seed, Today).Allowed);
    }
}
