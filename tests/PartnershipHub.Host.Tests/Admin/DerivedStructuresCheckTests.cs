using Grpc.Core;
using PartnershipHub.Contracts.Admin.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
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
/// placement index that lost a placed child's entry and holds one for a child living elsewhere.
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
            [($"child {registered[1]} taken off the roster: listed-twice", "ops-1"), ($"child {noChild} taken off the roster: extra", "ops-1")],
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
        var audited = HubDatabase.Query(hub.Database, "SELECT detail FROM audit_record WHERE action = 'admin.derived.check' ORDER BY id");
        Assert.Equal(["2 differences, 0 repaired", "2 differences, 2 repaired", "0 differences, 0 repaired"],
            audited.Select(r => string.Join(',', ((string)r["detail"]!).Split(", ")[1..3]).Replace(",", ", ", StringComparison.Ordinal)));
    }

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
