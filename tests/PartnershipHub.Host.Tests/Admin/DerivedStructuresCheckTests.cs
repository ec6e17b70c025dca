using Grpc.Core;
using PartnershipHub.Contracts.Admin.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Admin;

/// <summary>
/// <c>phub admin check</c>: an agency's inbox, the borough's roster and the change feed's marker of the child lost while
/// the hub was down are listed against the child's own record (the child found through the MASH board), mended by the
/// repair (the child sends its details to the feed again, recorded in its trail), and the next check finds nothing.
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
