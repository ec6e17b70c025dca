using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
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
    [InlineData(Rbkc, Wcc, AccessPurpose.FosteringMatching, "2026-11-23", true)]
    [InlineData(Rbkc, Wcc, AccessPurpose.CarePlanning, "2026-11-23", false)] // care planning stays with the responsible borough
    [InlineData(Rbkc, Wcc, AccessPurpose.FosteringMatching, "2010-01-01", false)] // before the tri-borough service
    [InlineData(Ealing, Wcc, AccessPurpose.FosteringMatching, "2026-11-23", false)]
    [InlineData(Lbhf, Rbkc, AccessPurpose.AdoptionMatching, "2019-09-30", true)] // the last day of tri-borough adoption
    [InlineData(Lbhf, Rbkc, AccessPurpose.AdoptionMatching, "2019-10-01", false)] // H&F moved to the regional partnership
    [InlineData(Ealing, Lbhf, AccessPurpose.AdoptionMatching, "2019-10-01", true)]
    [InlineData(Wcc, Wcc, AccessPurpose.MashEnquiry, "2026-11-23", false)] // not a purpose for reading a care record
    [InlineData(Wcc, Wcc, AccessPurpose.CarePlanning, "2026-11-23", true)]
    public void A_partner_borough_reads_a_care_record_only_to_match_for_a_service_it_shares_that_day(
        string organisation, string childBorough, AccessPurpose purpose, string day, bool allowed) =>
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

    [Theory]
    [InlineData(Wcc, Wcc, null, "2026-11-23", true)] // its own children's details
    [InlineData(Wcc, Wcc, CareRecordKind.Referral, "2026-11-23", true)]
    [InlineData(Rbkc, Wcc, null, "2026-11-23", false)] // never a partner's children's details
    [InlineData(Rbkc, Wcc, CareRecordKind.Referral, "2026-11-23", false)]
    [InlineData(Rbkc, Wcc, CareRecordKind.CareEpisode, "2026-11-23", true)] // sharing fostering
    [InlineData(Rbkc, Wcc, CareRecordKind.CareEpisode, "2010-01-01", false)] // before the tri-borough service
    [InlineData(Ealing, Wcc, CareRecordKind.CareEpisode, "2026-11-23", false)]
    [InlineData(Ealing, Lbhf, CareRecordKind.AdoptionMilestone, "2026-11-23", true)] // the regional adoption partnership
    [InlineData(Ealing, Lbhf, CareRecordKind.CareEpisode, "2026-11-23", false)] // ...which is not fostering
    [InlineData(Lbhf, Rbkc, CareRecordKind.AdoptionMilestone, "2019-10-01", false)] // H&F left tri-borough adoption
    public void A_watching_sync_service_sees_its_own_childrens_changes_and_only_the_shared_services_records_of_partners(
        string watcher, string childBorough, CareRecordKind? kind, string day, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanWatchChange(new Caller(watcher, HubRoles.BoroughSync, "sync"), childBorough, kind, Seed, DateOnly.Parse(day)).Allowed);

    [Theory]
    [InlineData(Wcc, Wcc, CareRecordKind.Referral, true)]
    [InlineData(Rbkc, Wcc, CareRecordKind.CareEpisode, true)] // the shared fostering service's placements
    [InlineData(Rbkc, Wcc, CareRecordKind.Referral, false)]
    [InlineData(Rbkc, Wcc, CareRecordKind.AdoptionMilestone, true)] // bi-borough adoption
    [InlineData(Lbhf, Wcc, CareRecordKind.AdoptionMilestone, false)] // H&F's adoption is regional since 2019
    [InlineData(Ealing, Wcc, CareRecordKind.CareEpisode, false)]
    public void A_partner_boroughs_sync_service_writes_only_the_records_of_a_service_it_shares(string writer, string childBorough, CareRecordKind kind, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanSyncCareRecord(new Caller(writer, HubRoles.BoroughSync, "sync"), childBorough, kind, Seed, Today).Allowed);

    [Fact]
    public void Only_a_sync_service_watches_and_it_follows_the_feeds_of_the_boroughs_it_has_shared_fostering_or_adoption_with()
    {
        Assert.False(AccessPolicy.CanWatchChange(Worker(Wcc), Wcc, CareRecordKind.Referral, Seed, Today).Allowed);
        Assert.Equal([Lbhf, Rbkc, Wcc], AccessPolicy.WatchedBoroughs(new Caller(Wcc, HubRoles.BoroughSync, "sync"), Seed).Order());
        Assert.Equal(
            ["E09000005", Ealing, Lbhf, "E09000018", Rbkc, Wcc],
            AccessPolicy.WatchedBoroughs(new Caller(Lbhf, HubRoles.BoroughSync, "sync"), Seed).Order());
    }
}
