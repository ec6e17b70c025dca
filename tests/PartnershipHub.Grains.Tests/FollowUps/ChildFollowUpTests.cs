using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Care;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;
using Xunit.Abstractions;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// A child's change, its audit record and what must follow it (agencies' inboxes, the MASH board, the borough's
/// roster, the change feed) with the store failing at each step in turn: after a restart and the follow-ups' retry,
/// the child's own record, its audit chain (verified) and every derived structure agree, and nothing is there twice.
/// </summary>
public sealed class ChildFollowUpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Westminster = "E09000033";
    private static readonly string[] Agencies = ["MPS", "RYJ", "SCH1"];
    private static readonly Caller Practitioner = new(Westminster, HubRoles.MashPractitioner, "jo.bloggs");
    private static readonly Caller Sync = new(Westminster, HubRoles.BoroughSync, "wcc-case-system");

    private ChildSilo silo = null!;

    public async Task InitializeAsync() => silo = await ChildSilo.Start();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Requests_to_three_agencies_reach_every_inbox_and_the_board_once_after_their_stores_and_the_audit_failed_and_the_hub_restarted()
    {
        var (childId, contactId) = await ChildWithGreenContact();

        silo.Faults.FailStates("agency-inbox", "mash-board", "measure-collector");
        silo.Faults.FailAudit();
        var sent = await silo.Grains.GetGrain<IChildMashGrain>(childId).SendInformationRequests(contactId, Agencies, "What do you know of the family?", Practitioner);
        Assert.Equal(CallStatus.Done, sent.Status);
        Assert.True(silo.Faults.Refused > 0, "the inbox, board and audit writes were tried and refused");

        silo.Faults.Heal();
        await silo.Restart();
        await Settle(childId);

        await AssertAgree(childId, contactId, requests: 3, "child.register", "mash.contact.record", "mash.contact.rate", "mash.requests.send");
    }

    [Fact]
    public async Task Follow_ups_delivered_but_still_in_the_childs_row_after_a_crash_are_applied_once_when_sent_again()
    {
        var (childId, contactId) = await ChildWithGreenContact();
        var sent = await silo.Grains.GetGrain<IChildMashGrain>(childId).SendInformationRequests(contactId, Agencies, "Known to you?", Practitioner);
        Assert.Equal(CallStatus.Done, sent.Status);

        // The hub goes down before the child's row forgets what it delivered: the next activation sends it all again.
        silo.Faults.FailStates("child");
        await silo.Restart();
        Assert.True(silo.Faults.Refused > 0, "the row kept its delivered follow-ups");
        silo.Faults.Heal();
        await Settle(childId);

        await AssertAgree(childId, contactId, requests: 3, "child.register", "mash.contact.record", "mash.contact.rate", "mash.requests.send");
    }

    [Fact]
    public async Task A_change_whose_own_write_fails_leaves_no_request_no_audit_record_and_goes_through_once_when_tried_again()
    {
        var (childId, contactId) = await ChildWithGreenContact();
        var mash = silo.Grains.GetGrain<IChildMashGrain>(childId);

        silo.Faults.FailStates("child");
        await Assert.ThrowsAnyAsync<Exception>(() => mash.SendInformationRequests(contactId, Agencies, "Known to you?", Practitioner));
        silo.Faults.Heal();
        await Settle(childId);
        await AssertAgree(childId, contactId, requests: 0, "child.register", "mash.contact.record", "mash.contact.rate");

        Assert.Equal(CallStatus.Done, (await mash.SendInformationRequests(contactId, Agencies, "Known to you?", Practitioner)).Status);
        await silo.Restart();
        await Settle(childId);
        await AssertAgree(childId, contactId, requests: 3, "child.register", "mash.contact.record", "mash.contact.rate", "mash.requests.send");
    }

    [Fact]
    public async Task A_registration_whose_roster_and_audit_writes_failed_is_on_the_roster_and_in_its_trail_once_after_a_restart()
    {
        var childId = Guid.NewGuid().ToString("N");
        silo.Faults.FailStates("roster", "borough", "measure-collector");
        silo.Faults.FailAudit();
        var registered = await silo.Grains.GetGrain<IChildGrain>(childId).Register(ChildSilo.SampleRegistration, AccessPurpose.CaseManagement, Practitioner);
        Assert.Equal(RegistrationStatus.Registered, registered.Status);
        Assert.DoesNotContain(childId, await Roster());

        silo.Faults.Heal();
        await silo.Restart();
        await Settle(childId);

        Assert.Equal(1, (await Roster()).Count(id => id == childId));
        await AssertTrail(childId, "child.register");
        Assert.Single(await FeedOf(childId), c => c.Stream == ChangeStream.Details);
    }

    [Fact]
    public async Task A_sync_batch_registering_a_child_and_placing_them_is_in_the_feed_trail_and_roster_once_after_failures_and_a_resend()
    {
        var childId = Guid.NewGuid().ToString("N");
        IChildGrain Child() => silo.Grains.GetGrain<IChildGrain>(childId);
        IChildCareGrain Care() => silo.Grains.GetGrain<IChildCareGrain>(childId);
        var placement = new SyncedCareRecord("EP-1", "v1", CareRecordKind.CareEpisode,
            new CareEpisode(new DateOnly(2025, 5, 1), "S", "C1", "U3", "PR1", "W6", null, null));

        silo.Faults.FailStates("roster", "borough", "measure-collector");
        silo.Faults.FailAudit();
        Assert.Equal(SyncStatus.Applied, (await Child().ApplySyncedDetails("CH-1", "v1", ChildSilo.SampleRegistration, Sync)).Status);
        Assert.Equal(SyncStatus.Applied, Assert.Single(await Care().ApplySynced([placement], Sync)).Status);

        silo.Faults.Heal();
        await silo.Restart();
        // The case system was answered RESEND for nothing, but sends the batch again anyway.
        Assert.Equal(SyncStatus.Duplicate, (await Child().ApplySyncedDetails("CH-1", "v1", ChildSilo.SampleRegistration, Sync)).Status);
        Assert.Equal(SyncStatus.Duplicate, Assert.Single(await Care().ApplySynced([placement], Sync)).Status);
        await Settle(childId);

        Assert.Equal(1, (await Roster()).Count(id => id == childId));
        await AssertTrail(childId, "sync.child", "sync.apply", "sync.child", "sync.apply");
        var feed = await FeedOf(childId);
        Assert.Single(feed, c => c.Stream == ChangeStream.Details);
        Assert.Single(feed, c => c.Stream == ChangeStream.Care);
    }

    [Fact]
    public async Task A_cold_multi_agency_view_reads_the_childs_one_row_and_requests_to_three_agencies_write_it_once()
    {
        var (childId, contactId) = await ChildWithGreenContact();
        await silo.Restart();

        silo.Faults.ResetCounts();
        var view = await silo.Grains.GetGrain<IChildMashGrain>(childId).GetMultiAgencyView(AccessPurpose.MashEnquiry, Practitioner);
        Assert.Equal(CallStatus.Done, view.Status);
        output.WriteLine($"cold view: {silo.Faults.DescribeCounts()}");
        Assert.Equal(1, silo.Faults.Reads.GetValueOrDefault("child"));

        silo.Faults.ResetCounts();
        await silo.Grains.GetGrain<IChildMashGrain>(childId).SendInformationRequests(contactId, Agencies, "Known to you?", Practitioner);
        await Settle(childId);
        output.WriteLine($"requests to three agencies: {silo.Faults.DescribeCounts()}");
        Assert.Equal(1, silo.Faults.Writes.GetValueOrDefault("child"));
        Assert.Equal(1, silo.Faults.Writes.GetValueOrDefault("audit"));
    }

    /// <summary>A registered child with a contact rated green (a MASH enquiry), all delivered.</summary>
    private async Task<(string ChildId, string ContactId)> ChildWithGreenContact()
    {
        var childId = Guid.NewGuid().ToString("N");
        Assert.Equal(RegistrationStatus.Registered, (await silo.Grains.GetGrain<IChildGrain>(childId).Register(ChildSilo.SampleRegistration, AccessPurpose.MashEnquiry, Practitioner)).Status);
        var mash = silo.Grains.GetGrain<IChildMashGrain>(childId);
        var contact = await mash.RecordContact(new ContactDetails(Westminster, DateTimeOffset.UtcNow.AddHours(-1), "2A", "Worried about home."), Practitioner);
        var rated = await mash.RateContact(contact.Value!.ContactId, BragRating.Green, false, "Needs information from partners.", Practitioner);
        Assert.Equal(CallStatus.Done, rated.Status);
        return (childId, contact.Value.ContactId);
    }

    /// <summary>Lets the child deliver what it holds (as its timer or next activation would); every follow-up goes.</summary>
    private async Task Settle(string childId) => Assert.Equal(0, (await silo.Grains.GetGrain<IChildDerivedGrain>(childId).Derived())!.Undelivered);

    /// <summary>The child's record, each agency's inbox, the board, the roster and the audit chain say the same, once.</summary>
    private async Task AssertAgree(string childId, string contactId, int requests, params string[] actions)
    {
        var contact = (await silo.Grains.GetGrain<IChildMashGrain>(childId).GetContact(contactId, Practitioner)).Value!;
        Assert.Equal(requests, contact.Requests.Count);
        foreach (var agency in Agencies)
        {
            var inbox = await silo.Grains.GetGrain<IAgencyInboxGrain>(agency).Open();
            var held = contact.Requests.Where(r => r.Agency == agency).Select(r => r.RequestId).ToList();
            Assert.Equal(held, inbox.Where(r => r.ChildId == childId).Select(r => r.RequestId).ToList());
        }

        var board = (await MashBoard.OpenEnquiries(silo.Grains, Westminster)).Where(e => e.ContactId == contactId).ToList();
        Assert.Equal(requests, Assert.Single(board).Requests.Count);
        Assert.Equal(1, (await Roster()).Count(id => id == childId));
        Assert.Single(await FeedOf(childId), c => c.Stream == ChangeStream.Details);
        await AssertTrail(childId, actions);
    }

    /// <summary>The child's chain verifies and holds exactly these actions, in this order.</summary>
    private async Task AssertTrail(string childId, params string[] actions)
    {
        var trail = silo.Grains.GetGrain<IAuditTrailGrain>(AuditSubjects.Child(childId));
        var verification = await trail.Verify();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(actions, (await trail.Read(1, 100)).Select(r => r.Entry.Action));
    }

    private async Task<List<string>> Roster()
    {
        var ids = new List<string>();
        await foreach (var page in BoroughRoster.Pages(silo.Grains, Westminster))
        {
            ids.AddRange(page);
        }

        return ids;
    }

    private async Task<List<ChildChange>> FeedOf(string childId)
    {
        var entries = await silo.Grains.GetGrain<IChangeFeedGrain>(Westminster).ReadAfter(0, 1000);
        return [.. entries.Select(e => e.Change).Where(c => c.ChildId == childId)];
    }
}
