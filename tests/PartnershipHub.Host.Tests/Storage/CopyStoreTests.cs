using Azure.Data.Tables;
using Grpc.Core;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Host.Tests.Sync;
using PartnershipHub.Testing;
using Xunit.Abstractions;
using static PartnershipHub.Host.Tests.Sync.SyncWatchTests;

namespace PartnershipHub.Host.Tests.Storage;

/// <summary>
/// The operator's <c>copy-store</c> (deploy/OPERATIONS.md, "Moving between stores"): a partnership on the embedded
/// store moves to Azure Tables with its hub stopped, and the hub started on the copy answers as before.
/// </summary>
public sealed class CopyStoreTests(AzuriteServer azurite, ITestOutputHelper log) : IClassFixture<AzuriteServer>, IDisposable
{
    private const int Referrals = 6;
    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-copy-");

    public void Dispose() => dataFolder.Delete(recursive: true);

    [Fact]
    public async Task A_partnership_moved_from_sqlite_to_azure_reads_the_same_children_verifies_its_chains_and_resumes_its_feed()
    {
        await using var sqlite = new HubProcess(Path.Combine(dataFolder.FullName, "hub"));
        await sqlite.StartAsync();
        var sync = sqlite.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var practitioner = sqlite.As(ChildRequests.Westminster, "mash-practitioner", "wcc-pat");
        var cases = new List<(string CaseId, string ChildId)>();
        string watermark;
        string contactChild;
        using (var channel = sqlite.Channel())
        {
            var children = new ChildrenService.ChildrenServiceClient(channel);
            var syncService = new SyncService.SyncServiceClient(channel);
            using (var start = await Watcher.Start(syncService, sync, new WatchRequest()))
            {
                watermark = (await start.Next(e => e.Bookmark is not null)).Watermark;
            }

            for (var i = 0; i < 3; i++)
            {
                cases.Add(await SyncClient.RegisterChild(children, sync));
            }

            contactChild = (await new MashService.MashServiceClient(channel).RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), practitioner)).Contact.ChildId;
            await SyncClient.Push(syncService, sync, Enumerable.Range(0, 2).Select(b => cases.SelectMany(c => Enumerable.Range(b * 3, 3).Select(n => SyncClient.Referral(c.CaseId, n)))));
        }

        var tables = Tables();
        var copyWhileServing = await CopyAsync($"sqlite:{sqlite.DataFolder}", "azure:" + azurite.ConnectionString, tables);
        Assert.Equal(1, copyWhileServing.ExitCode);
        Assert.Contains("in use by another hub process", copyWhileServing.Output);

        await sqlite.StopAsync();
        var copy = await CopyAsync($"sqlite:{sqlite.DataFolder}", "azure:" + azurite.ConnectionString, tables);
        log.WriteLine(copy.Output);
        Assert.True(copy.ExitCode == 0, copy.Output);
        var chains = Count(sqlite.Database, "audit_head");
        Assert.Contains($"{Count(sqlite.Database, "grain_state")} grain states; {chains} audit chains ({Count(sqlite.Database, "audit_record")} records)", copy.Output);

        await using (var azure = new HubProcess(azurite.ConnectionString, sqlite.DataFolder, tables["Storage__GrainStateTable"]))
        {
            foreach (var (key, value) in tables)
            {
                azure.Settings[key] = value;
            }

            await azure.StartAsync();
            using var channel = azure.Channel();
            var children = new ChildrenService.ChildrenServiceClient(channel);
            var care = new CareService.CareServiceClient(channel);
            var audit = new AuditService.AuditServiceClient(channel);
            foreach (var childId in cases.Select(c => c.ChildId).Append(contactChild))
            {
                var child = (await children.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = AccessPurpose.CaseManagement }, practitioner)).Child;
                Assert.Equal("Testchild", child.GivenName);
                var chain = await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = childId }, azure.As("hub-admin", "administrator"));
                Assert.True(chain.Intact, chain.Problem);
                Assert.True(chain.RecordsChecked >= 2, $"{chain.RecordsChecked} records in the chain of a child written to and read");
            }

            foreach (var (_, childId) in cases)
            {
                var records = (await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, sync)).Records;
                Assert.Equal(Referrals, records.Count);
            }

            // The borough's watch resumes from the watermark it held on the embedded store: every change since, then new ones.
            var syncService = new SyncService.SyncServiceClient(channel);
            using var watcher = await Watcher.Start(syncService, sync, new WatchRequest { Watermark = watermark });
            var seen = new List<ChildChange>();
            while (seen.Count(c => c.Type == ChangeType.CareRecordSaved) < cases.Count * Referrals)
            {
                seen.Add((await watcher.Next(e => e.Change is not null)).Change);
            }

            await SyncClient.Push(syncService, sync, [[SyncClient.Referral(cases[0].CaseId, 100)]]);
            var next = await watcher.Next(e => e.Change is not null);
            Assert.Equal($"REF-{cases[0].CaseId}-100", next.Change.SourceId);
            Assert.Equal(cases.Count * Referrals, seen.Count(c => c.Type == ChangeType.CareRecordSaved));
        }

        var again = await CopyAsync($"sqlite:{sqlite.DataFolder}", "azure:" + azurite.ConnectionString, tables);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not empty", again.Output);

        // And back: the Azure tables onto a new embedded store, as an old Azurite data folder is brought over.
        var back = Path.Combine(dataFolder.FullName, "back");
        var home = await CopyAsync("azure:" + azurite.ConnectionString, $"sqlite:{back}", tables);
        Assert.True(home.ExitCode == 0, home.Output);
        var copied = Path.Combine(back, "hub.db");
        Assert.Contains($"{Count(copied, "grain_state")} grain states; {Count(copied, "audit_head")} audit chains ({Count(copied, "audit_record")} records)", home.Output);
        Assert.Contains($"({Count(copied, "feed_change")} change rows, {Count(copied, "feed_marker")} markers", home.Output);

        // The hub on Azure added to what it was given: one referral's change row, and audit records of the reads.
        Assert.Equal(Count(sqlite.Database, "feed_change") + 1, Count(copied, "feed_change"));
        Assert.True(Count(copied, "audit_record") > Count(sqlite.Database, "audit_record"));
    }

    [Fact]
    public async Task A_tampered_audit_chain_in_the_source_is_reported_and_nothing_is_copied()
    {
        await using var hub = new HubProcess(Path.Combine(dataFolder.FullName, "hub"));
        await hub.StartAsync();
        string childId;
        using (var channel = hub.Channel())
        {
            childId = (await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(
                ChildRequests.Child(), hub.As(ChildRequests.Westminster, "mash-practitioner"))).Child.ChildId;
        }

        await hub.StopAsync();
        HubDatabase.Execute(hub.Database, "UPDATE audit_record SET purpose = 'nothing to see' WHERE subject = $s AND sequence = 1", ("$s", "child/" + childId));
        var tables = Tables();

        var copy = await CopyAsync($"sqlite:{hub.DataFolder}", "azure:" + azurite.ConnectionString, tables);

        Assert.Equal(1, copy.ExitCode);
        Assert.Contains($"child/{childId}: Audit record 1: its contents do not match its hash", copy.Output);
        Assert.Contains("nothing was copied", copy.Output);
        foreach (var table in tables.Values)
        {
            // The layout row that opening a new store writes is no copied data.
            Assert.Empty(new TableClient(azurite.ConnectionString, table).Query<TableEntity>(e => e.PartitionKey != "store"));
        }
    }

    private static Dictionary<string, string> Tables()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new()
        {
            ["Storage__GrainStateTable"] = "CopyState" + suffix,
            ["Storage__AuditTable"] = "CopyAudit" + suffix,
            ["Storage__ChangeFeedTable"] = "CopyFeed" + suffix,
        };
    }

    private static Task<(int ExitCode, string Output)> CopyAsync(string from, string to, Dictionary<string, string> tables) =>
        HubProcess.RunCommandAsync(["copy-store", "--from", from, "--to", to], tables);

    private static long Count(string database, string table) => (long)HubDatabase.Query(database, $"SELECT count(*) AS n FROM {table}")[0]["n"]!;
}
