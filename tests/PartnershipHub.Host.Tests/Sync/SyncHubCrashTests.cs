using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// The hub process killed mid-stream loses no acknowledged record; the client's resend completes the rest, and the
/// change feed watchers follow holds every stored record once.
/// </summary>
public sealed class SyncHubCrashTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();

    public Task InitializeAsync() => storage.InitializeAsync();

    public Task DisposeAsync() => storage.DisposeAsync();

    [Fact]
    public async Task A_hub_killed_mid_stream_keeps_every_acknowledged_record_and_the_resend_completes_exactly_the_rest()
    {
        var dataFolder = Path.Combine(storage.DataFolder, "hub");
        var cases = new List<(string CaseId, string ChildId)>();
        List<List<ChangeRecord>> batches;
        var acknowledged = new List<RecordOutcome>();
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var headers = hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
            for (var i = 0; i < 4; i++)
            {
                cases.Add(await SyncClient.RegisterChild(new ChildrenService.ChildrenServiceClient(channel), headers));
            }

            batches = [.. Enumerable.Range(0, 20).Select(b => cases.SelectMany(c => Enumerable.Range(b * 5, 5).Select(n => SyncClient.Referral(c.CaseId, n))).ToList())];
            using var call = new SyncService.SyncServiceClient(channel).Push(headers);
            var sending = Task.Run(async () =>
            {
                foreach (var batch in batches)
                {
                    await call.RequestStream.WriteAsync(new PushRequest { Records = { batch } });
                }
            });
            // Four batches answered, the rest still being sent or applied: kill the hub.
            while (acknowledged.Count < 4 * batches[0].Count && await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                acknowledged.AddRange(call.ResponseStream.Current.Outcomes);
            }

            await hub.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await sending;
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            });
        }

        Assert.Equal(4 * batches[0].Count, acknowledged.Count);
        Assert.All(acknowledged, o => Assert.Equal(ChangeOutcome.Applied, o.Outcome));
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var headers = hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
            var care = new CareService.CareServiceClient(channel);
            var stored = new Dictionary<string, List<CareRecordEntry>>();
            foreach (var (_, childId) in cases)
            {
                stored[childId] = [.. (await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers)).Records];
            }

            Assert.All(acknowledged, o => Assert.Contains(stored.Values.SelectMany(r => r), r => r.RecordId == o.RecordId));

            var answered = acknowledged.Count / batches[0].Count;
            await SyncClient.Push(new SyncService.SyncServiceClient(channel), headers, batches.Skip(answered));
            foreach (var (_, childId) in cases)
            {
                var records = (await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers)).Records;
                Assert.Equal(100, records.Count);
                Assert.Equal(100, records.Select(r => r.Record.Referral.ReferralDate).Distinct().Count());
            }

            // The change feed has every stored record exactly once, those stored just before the kill included.
            using var watcher = await SyncWatchTests.Watcher.Start(new SyncService.SyncServiceClient(channel), headers, new WatchRequest { FromOldest = true, BookmarkIntervalSeconds = 1 });
            var changes = new List<ChildChange>();
            while (changes.Count < cases.Count * 101)
            {
                changes.Add((await watcher.Next(e => e.Change is not null)).Change);
            }

            Assert.Equal(cases.Count, changes.Count(c => c.Type == ChangeType.ChildDetails));
            var referrals = changes.Where(c => c.Type == ChangeType.CareRecordSaved).Select(c => c.RecordId).ToList();
            Assert.Equal(cases.Count * 100, referrals.Distinct().Count());
            await watcher.Next(e => e.Bookmark is not null, unexpected: e => e.Change is not null);
        }
    }
}
