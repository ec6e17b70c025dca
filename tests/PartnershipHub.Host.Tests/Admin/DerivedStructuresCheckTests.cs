using Grpc.Core;
using PartnershipHub.Contracts.Admin.V1;
using PartnershipHub.Contracts.Adoption.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.PrivateFostering.V1;
using PartnershipHub.Host.Tests.Adoption;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Fostering;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Admin;

/// <summary>
/// <c>phub admin check</c>: an agency's inbox, the borough's roster and the change feed's marker of the child lost while
/// the hub was down are listed against the child's own record (the child found through the MASH board), mended by the
/// repair (the child sends its details to the feed again, recorded in its trail), and the next check finds nothing.
/// So are a roster listing a child twice and an id of no child (each removal recorded in the borough's trail), and a
/// placement index that lost a placed child's entry and holds one for a child living elsewhere, and so the adoption
/// match claims, with the adopter roster's stale summary of the household. A private fostering transfer the receiving register lost is sent again; one received from an
/// arrangement the sending register lost is listed only. A listing the repair could not find is not recorded as removed.
/// </summary>
public sealed class DerivedStructuresCheckTests : IDisposable
{
    private const string Police = "met-police";
    private const string Health = "nhs-cnwl";
    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-admin-check-");

    public void Dispose() => dataFolder.Delete(recursive: true);

    [Fact]
    public async Task Structures_lost_while_the_hub_was_down_are_listed_mended_and_then_agree()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var childId = await EnquiryWithTwoRequests(hub);
        await hub.StopAsync();

        // Lost while the hub was down: the police inbox, the borough's roster and the feed's marker of the child's
        // details (the child is still on the board).
        HubDatabase.Execute(hub.Database, "DELETE FROM grain_state WHERE state_name IN ('roster', 'borough') OR (state_name = 'agency-inbox' AND grain_key LIKE $police)",
            ("$police", "%" + Police + "%"));
        HubDatabase.Execute(hub.Database, "DELETE FROM feed_marker WHERE child_id = $child", ("$child", childId));
        await hub.StartAsync();
        using var channel = hub.Channel();
        var admin = new AdminService.AdminServiceClient(channel);
        var administrator = hub.As("hub-admin", "administrator", "ops-1");

        var found = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator);
        Assert.Equal(1, found.Children);
        Assert.Equal(
            [($"feed/{ChildRequests.Westminster}", childId, "behind"), ($"inbox/{Police}", childId, "missing"), ($"roster/{ChildRequests.Westminster}", childId, "missing")],
            found.Differences.Select(d => (d.Structure, d.ChildId, d.Problem)).Order());
        Assert.All(found.Differences, d => Assert.False(d.Repaired));

        var repaired = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, administrator);
        Assert.Equal(3, repaired.Differences.Count(d => d.Repaired));
        Assert.Equal(0, (await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator)).DifferenceCount);
        var mash = new MashService.MashServiceClient(channel);
        Assert.Single((await mash.ListAgencyRequestsAsync(new ListAgencyRequestsRequest(), hub.As(Police, "agency-responder"))).Requests, r => r.ChildId == childId);
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var roster = await children.ListBoroughChildrenAsync(new ListBoroughChildrenRequest { Borough = ChildRequests.Westminster, PageSize = 50 }, Practitioner(hub));
        Assert.Single(roster.Children, c => c.ChildId == childId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, Practitioner(hub)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Single(HubDatabase.Query(hub.Database, "SELECT id FROM audit_record WHERE action = 'admin.feed.resend' AND subject = $subject", ("$subject", "child/" + childId)));
        var audited = HubDatabase.Query(hub.Database, "SELECT outcome FROM audit_record WHERE action = 'admin.derived.check' ORDER BY id");
        Assert.Equal(["done", "done", "done", "denied"], audited.Select(r => (string)r["outcome"]!));
    }

    [Fact]
    public async Task A_child_listed_twice_and_an_id_of_no_child_are_taken_off_the_roster_each_removal_recorded_in_the_boroughs_trail()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        List<string> registered;
        using (var channel = hub.Channel())
        {
            var children = new ChildrenService.ChildrenServiceClient(channel);
            registered = [];
            foreach (var _ in Enumerable.Range(0, 3))
            {
                registered.Add((await children.RegisterChildAsync(ChildRequests.Child(), Practitioner(hub))).Child.ChildId);
            }
        }

        await hub.StopAsync();

        // As a crash half way through an earlier repair, or a bug, could leave the roster's page: the second child
        // listed again at the end, and an id no child has.
        const string noChild = "no-such-child";
        HubDatabase.Execute(hub.Database,
            "UPDATE grain_state SET data = CAST(json_insert(json_insert(CAST(data AS TEXT), '$.ChildIds[#]', $twice), '$.ChildIds[#]', $none) AS BLOB) WHERE state_name = 'roster' AND grain_key = $page",
            ("$twice", registered[1]), ("$none", noChild), ("$page", ChildRequests.Westminster + "/0"));
        await hub.StartAsync();
        using var hubChannel = hub.Channel();
        var admin = new AdminService.AdminServiceClient(hubChannel);
        var administrator = hub.As("hub-admin", "administrator", "ops-1");
        var roster = $"roster/{ChildRequests.Westminster}";
        (string, string, string)[] expected = [(roster, registered[1], "listed-twice"), (roster, noChild, "extra")];

        var found = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator);
        Assert.Equal(expected.Order(), found.Differences.Select(d => (d.Structure, d.ChildId, d.Problem)).Order());
        var repaired = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, administrator);
        Assert.Equal(expected.Order(), repaired.Differences.Where(d => d.Repaired).Select(d => (d.Structure, d.ChildId, d.Problem)).Order());
        Assert.Equal(0, (await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator)).DifferenceCount);

        // The roster lists each child once, in the order they were registered.
        var listed = await new ChildrenService.ChildrenServiceClient(hubChannel).ListBoroughChildrenAsync(
            new ListBoroughChildrenRequest { Borough = ChildRequests.Westminster, PageSize = 50 }, Practitioner(hub));
        Assert.Equal(registered, listed.Children.Select(c => c.ChildId));
        var removals = HubDatabase.Query(hub.Database, "SELECT detail, user_id FROM audit_record WHERE action = 'admin.roster.remove' AND subject = $subject ORDER BY sequence",
            ("$subject", "borough/" + ChildRequests.Westminster));
        Assert.Equal(
            [($"child {registered[1]} taken off the roster: listed-twice, 1 listing(s) taken off", "ops-1"), ($"child {noChild} taken off the roster: extra, 1 listing(s) taken off", "ops-1")],
            removals.Select(r => ((string)r["detail"]!, (string)r["user_id"]!)).Order());
    }

    [Fact]
    public async Task A_placement_index_that_lost_a_placed_childs_entry_and_holds_one_for_a_child_living_elsewhere_is_listed_mended_and_then_agrees()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var scenario = new FosteringScenario(hub);
        var household = await scenario.Approved(FosteringScenario.Mainstream(ChildRequests.Westminster, "W2"));
        var placed = await scenario.ChildAged(ChildRequests.Westminster, 8);
        await scenario.Place(household, placed, ChildRequests.Westminster);
        var elsewhere = await scenario.ChildAged(ChildRequests.Westminster, 9);
        await hub.StopAsync();

        // The placed child's entry moved, as a fault could leave it, to a child who does not live with the household.
        Assert.Equal(1, HubDatabase.Execute(hub.Database, "UPDATE grain_state SET grain_key = $elsewhere WHERE state_name = 'foster-placement' AND grain_key = $placed",
            ("$elsewhere", elsewhere), ("$placed", placed)));
        await hub.StartAsync();
        using var channel = hub.Channel();
        var admin = new AdminService.AdminServiceClient(channel);
        var administrator = hub.As("hub-admin", "administrator", "ops-1");
        (string, string, string, string)[] expected =
            [("placement-index", placed, household.HouseholdId, "missing"), ("placement-index", elsewhere, household.HouseholdId, "extra")];

        var found = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator);
        Assert.Equal(expected.Order(), found.Differences.Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)).Order());
        var repaired = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, administrator);
        Assert.Equal(expected.Order(), repaired.Differences.Where(d => d.Repaired).Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)).Order());
        Assert.Equal(0, (await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator)).DifferenceCount);

        // The index holds the placed child for the household again: no other household can take them.
        scenario = new FosteringScenario(hub);
        var another = await scenario.Approved(FosteringScenario.Mainstream(ChildRequests.Westminster, "W9"));
        var twice = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => scenario.Place(another, placed, ChildRequests.Westminster));
        Assert.Contains("another household", twice.Status.Detail);
        Assert.Equal(["2 differences, 0 repaired", "2 differences, 2 repaired", "0 differences, 0 repaired"], CheckOutcomes(hub));
    }

    [Fact]
    public async Task A_listing_the_borough_never_reads_is_listed_but_not_recorded_as_taken_off_when_the_repair_finds_nothing_to_take()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var registered = await hub.RegisterChild(ChildRequests.Westminster);
        await hub.StopAsync();

        // A second roster page behind a first that is not full: the check reads it, the borough (which counts its
        // children up to the first page with room) never does, so its removal finds nothing.
        const string noChild = "no-such-child";
        Assert.Equal(1, HubDatabase.Execute(hub.Database,
            """
            INSERT INTO grain_state(grain_type, grain_key, state_name, version, data)
            SELECT grain_type, $next, state_name, version, CAST(json_set(CAST(data AS TEXT), '$.ChildIds', json_array($none)) AS BLOB)
            FROM grain_state WHERE state_name = 'roster' AND grain_key = $first
            """,
            ("$next", ChildRequests.Westminster + "/1"), ("$none", noChild), ("$first", ChildRequests.Westminster + "/0")));
        await hub.StartAsync();
        var admin = new AdminService.AdminServiceClient(hub.Channel());
        var administrator = hub.As("hub-admin", "administrator", "ops-1");
        (string, string, string, bool)[] unmended = [($"roster/{ChildRequests.Westminster}", noChild, "extra", false)];

        var repaired = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, administrator);
        Assert.Equal(unmended, repaired.Differences.Select(d => (d.Structure, d.ChildId, d.Problem, d.Repaired)));
        Assert.Equal(unmended, (await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator)).Differences.Select(d => (d.Structure, d.ChildId, d.Problem, d.Repaired)));
        Assert.Empty(HubDatabase.Query(hub.Database, "SELECT id FROM audit_record WHERE action = 'admin.roster.remove'"));
        Assert.Equal(["1 differences, 0 repaired", "1 differences, 0 repaired"], CheckOutcomes(hub));
        Assert.NotEqual(noChild, registered);
    }

    [Fact]
    public async Task An_adoption_match_claim_lost_for_a_matched_child_and_held_for_a_child_not_matched_is_listed_mended_and_then_agrees()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var adoption = new AdoptionService.AdoptionServiceClient(hub.Channel());
        var worker = hub.SocialWorker(ChildRequests.HammersmithAndFulham);
        var adopters = await hub.ApprovedAdopter(SharedServices.Ealing);
        var matched = await hub.RegisterChild(ChildRequests.HammersmithAndFulham, SharedServices.Day(-800));
        await adoption.MatchChildAsync(AdoptionRequests.Match(adopters, matched, SharedServices.Day(-1)), worker);
        var notMatched = await hub.RegisterChild(ChildRequests.HammersmithAndFulham, SharedServices.Day(-800));
        await hub.StopAsync();

        // The matched child's claim moved, as a fault could leave it, to a child the household is not matched with; the
        // borough's adopter roster lost the household's match (its summary shows it waiting).
        Assert.Equal(1, HubDatabase.Execute(hub.Database, "UPDATE grain_state SET grain_key = $other WHERE state_name = 'adoption-match' AND grain_key = $matched",
            ("$other", notMatched), ("$matched", matched)));
        Assert.Equal(1, HubDatabase.Execute(hub.Database,
            "UPDATE grain_state SET data = CAST(json_set(CAST(data AS TEXT), '$.Adopters[0].Matches', 0) AS BLOB) WHERE state_name = 'adopter-roster' AND grain_key = $borough",
            ("$borough", SharedServices.Ealing)));
        await hub.StartAsync();
        var admin = new AdminService.AdminServiceClient(hub.Channel());
        var administrator = hub.As("hub-admin", "administrator", "ops-1");
        (string, string, string, string)[] expected =
            [("adoption-match", matched, adopters, "missing"), ("adoption-match", notMatched, adopters, "extra"), ($"adopter-roster/{SharedServices.Ealing}", "", adopters, "stale")];

        var found = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator);
        Assert.Equal(expected.Order(), found.Differences.Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)).Order());
        var repaired = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, administrator);
        Assert.Equal(expected.Order(), repaired.Differences.Where(d => d.Repaired).Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)).Order());
        Assert.Equal(0, (await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator)).DifferenceCount);

        // The claim holds the matched child for the household again: no other household can be matched with them,
        // and the child it was wrongly held for can be.
        adoption = new AdoptionService.AdoptionServiceClient(hub.Channel());
        var others = await hub.ApprovedAdopter(SharedServices.Ealing);
        var twice = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.MatchChildAsync(AdoptionRequests.Match(others, matched, SharedServices.Day(0)), worker).ResponseAsync);
        Assert.Contains("another adopter household", twice.Status.Detail);
        Assert.Single((await adoption.MatchChildAsync(AdoptionRequests.Match(others, notMatched, SharedServices.Day(0)), worker)).Adopter.Matches);
        var waiting = await adoption.ListWaitingAdoptersAsync(new ListWaitingAdoptersRequest { ApprovingBorough = SharedServices.Ealing, PageSize = 500 }, hub.SocialWorker(SharedServices.Ealing));
        Assert.DoesNotContain(waiting.Adopters, a => a.AdopterId == adopters);
        Assert.Equal(["3 differences, 0 repaired", "3 differences, 3 repaired", "0 differences, 0 repaired"], CheckOutcomes(hub));
    }

    [Fact]
    public async Task A_transfer_the_receiving_register_lost_is_sent_again_and_one_whose_sender_lost_its_move_is_listed()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var lost = await MovedToKensington(hub);
        var orphaned = await MovedToKensington(hub);
        await hub.StopAsync();

        // Kensington and Chelsea's register lost the first transfer received, Westminster's the second move (each the
        // register's outbox emptied too, as after delivery).
        RemoveArrangement(hub, SharedServices.Kensington, 0);
        RemoveArrangement(hub, ChildRequests.Westminster, 1);
        await hub.StartAsync();
        var admin = new AdminService.AdminServiceClient(hub.Channel());
        var administrator = hub.As("hub-admin", "administrator", "ops-1");
        var register = $"private-fostering/{SharedServices.Kensington}";
        var extra = (register, orphaned.ChildId, orphaned.ReceivingArrangementId, "transfer-extra");
        (string, string, string, string)[] expected = [(register, lost.ChildId, lost.ArrangementId, "transfer-missing"), extra];

        var found = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator);
        Assert.Equal(expected.Order(), found.Differences.Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)).Order());
        var repaired = await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = true }, administrator);
        Assert.Equal([expected[0]], repaired.Differences.Where(d => d.Repaired).Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)));
        Assert.Equal([extra], (await admin.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest(), administrator)).Differences.Select(d => (d.Structure, d.ChildId, d.Item, d.Problem)));

        // Kensington and Chelsea holds the lost transfer again, once, under the id Westminster's move named.
        var listed = (await new PrivateFosteringService.PrivateFosteringServiceClient(hub.Channel()).ListNotificationsAsync(
            new ListNotificationsRequest { Borough = SharedServices.Kensington, PageSize = 500 }, hub.SocialWorker(SharedServices.Kensington))).Arrangements;
        var received = Assert.Single(listed, a => a.ChildId == lost.ChildId);
        Assert.Equal((lost.ReceivingArrangementId, ChildRequests.Westminster), (received.ArrangementId, received.TransferredFrom));
        Assert.Equal(["2 differences, 0 repaired", "2 differences, 1 repaired", "1 differences, 0 repaired"], CheckOutcomes(hub));
    }

    [Fact]
    public async Task A_transfer_still_in_the_moving_registers_outbox_is_delivered_before_the_registers_are_compared_not_listed()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var moved = await MovedToKensington(hub);
        await hub.StopAsync();

        // As a crash between Westminster's write and its delivery leaves them: the transfer in Westminster's outbox,
        // not yet in Kensington and Chelsea's register.
        RemoveArrangement(hub, SharedServices.Kensington, 0);
        Assert.Equal(1, HubDatabase.Execute(hub.Database,
            """
            UPDATE grain_state SET data = CAST(json_set(CAST(data AS TEXT),
                '$.FollowUps', json_array(json_object('kind', 'private-fostering-transfer', 'Id', json_extract(CAST(data AS TEXT), '$.LastFollowUp') + 1,
                    'Moved', json_extract(CAST(data AS TEXT), '$.Arrangements[0]'), 'Notified', $today)),
                '$.LastFollowUp', json_extract(CAST(data AS TEXT), '$.LastFollowUp') + 1) AS BLOB)
            WHERE state_name = 'private-fostering' AND grain_key = $borough
            """,
            ("$today", SharedServices.Day(0)), ("$borough", ChildRequests.Westminster)));
        await hub.StartAsync();

        var found = await new AdminService.AdminServiceClient(hub.Channel()).CheckDerivedStructuresAsync(
            new CheckDerivedStructuresRequest(), hub.As("hub-admin", "administrator", "ops-1"));
        Assert.Equal((0, 0), (found.DifferenceCount, found.Undelivered));
        var listed = (await new PrivateFosteringService.PrivateFosteringServiceClient(hub.Channel()).ListNotificationsAsync(
            new ListNotificationsRequest { Borough = SharedServices.Kensington, PageSize = 500 }, hub.SocialWorker(SharedServices.Kensington))).Arrangements;
        Assert.Equal(moved.ReceivingArrangementId, Assert.Single(listed).ArrangementId);
    }

    /// <summary>A Westminster child privately fostered there who moved to Kensington and Chelsea: the arrangement closed as moved.</summary>
    private static async Task<Arrangement> MovedToKensington(HubProcess hub)
    {
        var fostering = new PrivateFosteringService.PrivateFosteringServiceClient(hub.Channel());
        var wcc = hub.SocialWorker(ChildRequests.Westminster);
        var childId = await hub.RegisterChild(ChildRequests.Westminster);
        var notified = (await fostering.NotifyArrangementAsync(new NotifyArrangementRequest
        {
            Borough = ChildRequests.Westminster,
            ChildId = childId,
            NotificationDate = SharedServices.Day(-5),
            ArrangementStartDate = SharedServices.Day(-6),
            Source = NotificationSource.SchoolAdmissions,
            PostcodeDistrict = "W2",
        }, wcc)).Arrangement;
        return (await fostering.RecordMoveAsync(new RecordMoveRequest
        {
            Borough = ChildRequests.Westminster,
            ArrangementId = notified.ArrangementId,
            MoveDate = SharedServices.Day(-2),
            ReceivingBorough = SharedServices.Kensington,
            PostcodeDistrict = "W8",
        }, wcc)).Arrangement;
    }

    private static void RemoveArrangement(HubProcess hub, string borough, int index) => Assert.Equal(1, HubDatabase.Execute(hub.Database,
        "UPDATE grain_state SET data = CAST(json_set(json_remove(CAST(data AS TEXT), $arrangement), '$.FollowUps', json_array()) AS BLOB) WHERE state_name = 'private-fostering' AND grain_key = $borough",
        ("$arrangement", $"$.Arrangements[{index}]"), ("$borough", borough)));

    /// <summary>What each <c>admin.derived.check</c> found and repaired, oldest first.</summary>
    private static List<string> CheckOutcomes(HubProcess hub) =>
        [.. HubDatabase.Query(hub.Database, "SELECT detail FROM audit_record WHERE action = 'admin.derived.check' ORDER BY id")
            .Select(r => string.Join(", ", ((string)r["detail"]!).Split(", ")[1..3]))];

    private static async Task<string> EnquiryWithTwoRequests(HubProcess hub)
    {
        using var channel = hub.Channel();
        var mash = new MashService.MashServiceClient(channel);
        var contact = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), Practitioner(hub))).Contact;
        await mash.RateContactAsync(new RateContactRequest { ChildId = contact.ChildId, ContactId = contact.ContactId, Rating = BragRating.Green, Rationale = "School concern" }, Practitioner(hub));
        await mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = contact.ChildId,
            ContactId = contact.ContactId,
            Agencies = { Police, Health },
            Question = "Is the family known to you?",
        }, Practitioner(hub));
        return contact.ChildId;
    }

    private static Metadata Practitioner(HubProcess hub) => hub.As(ChildRequests.Westminster, "mash-practitioner", "wcc-pat");
}
