using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Domain.Tests.Access;

public sealed class CarePolicyTests
{
    private const string Lbhf = "E09000013";
    private const string Rbkc = "E09000020";
    private const string Wcc = "E09000033";
    private const string Ealing = "E09000009";

    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly IReadOnlyList<PartnershipAgreement> Seed = PartnershipAgreements.Seed;

    private static Caller Worker(string borough) => new(borough, HubRoles.SocialWorker, "sw");

    [Theory]
    [InlineData(Wcc, HubRoles.SocialWorker, true)]
    [InlineData(Wcc, HubRoles.BoroughSync, true)]
    [InlineData(Wcc, HubRoles.AgencyResponder, false)]
    [InlineData(Wcc, HubRoles.PartnershipAnalyst, false)]
    [InlineData(Wcc, HubRoles.Administrator, false)]
    [InlineData(Rbkc, HubRoles.SocialWorker, false)]
    public void Only_the_responsible_boroughs_social_workers_and_sync_service_record_care(string organisation, string role, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanRecordCare(new Caller(organisation, role, "u"), Wcc).Allowed);

    [Theory]
    [InlineData(Rbkc, Wcc, SharingPurposes.FosteringMatching, "2026-11-23", true)]
    [InlineData(Rbkc, Wcc, SharingPurposes.CarePlanning, "2026-11-23", false)] // care planning stays with the responsible borough
    [InlineData(Rbkc, Wcc, SharingPurposes.FosteringMatching, "2010-01-01", false)] // before the tri-borough service
    [InlineData(Ealing, Wcc, SharingPurposes.FosteringMatching, "2026-11-23", false)]
    [InlineData(Lbhf, Rbkc, SharingPurposes.AdoptionMatching, "2019-09-30", true)] // the last day of tri-borough adoption
    [InlineData(Lbhf, Rbkc, SharingPurposes.AdoptionMatching, "2019-10-01", false)] // H&F moved to the regional partnership
    [InlineData(Ealing, Lbhf, SharingPurposes.AdoptionMatching, "2019-10-01", true)]
    [InlineData(Wcc, Wcc, SharingPurposes.MashEnquiry, "2026-11-23", false)] // not a purpose for reading a care record
    [InlineData(Wcc, Wcc, SharingPurposes.CarePlanning, "2026-11-23", true)]
    public void A_partner_borough_reads_a_care_record_only_to_match_for_a_service_it_shares_that_day(
        string organisation, string childBorough, string purpose, string day, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanReadCareRecord(Worker(organisation), childBorough, purpose, Seed, DateOnly.Parse(day)).Allowed);

    [Fact]
    public void The_fostering_search_reaches_the_boroughs_sharing_fostering_that_day()
    {
        Assert.Equal([Lbhf, Rbkc, Wcc], AccessPolicy.FosteringSearchScope(Worker(Wcc), Seed, Today).Order());
        Assert.Equal([Ealing], AccessPolicy.FosteringSearchScope(Worker(Ealing), Seed, Today));
        Assert.Empty(AccessPolicy.FosteringSearchScope(new Caller(Wcc, HubRoles.PartnershipAnalyst, "a"), Seed, Today));
        var ended = Seed.Select(a => a.Service == SharedService.Fostering ? a with { To = Today.AddDays(-1) } : a).ToList();
        Assert.Equal([Wcc], AccessPolicy.FosteringSearchScope(Worker(Wcc), ended, Today));
    }

    [Fact]
    public void A_hammersmith_and_fulham_child_is_placed_with_ealing_adopters_but_not_westminster_ones_since_october_2019()
    {
        Assert.True(AccessPolicy.CanPlaceWithCarers(Worker(Lbhf), Lbhf, Ealing, SharedService.Adoption, Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanPlaceWithCarers(Worker(Lbhf), Lbhf, Wcc, SharedService.Adoption, Seed, Today).Allowed);
        Assert.True(AccessPolicy.CanPlaceWithCarers(Worker(Lbhf), Lbhf, Wcc, SharedService.Fostering, Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanPlaceWithCarers(Worker(Wcc), Lbhf, Wcc, SharedService.Fostering, Seed, Today).Allowed); // not the child's borough
    }
}
