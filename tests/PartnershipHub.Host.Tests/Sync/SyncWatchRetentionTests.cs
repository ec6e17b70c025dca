using Grpc.Core;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// A hub that keeps changes for five seconds: a watermark older than the oldest change kept is refused with
/// OUT_OF_RANGE, telling the client to list again, while one at the latest change still resumes.
/// </summary>
public sealed class SyncWatchRetentionTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();
    private HubProcess hub = null!;

    public async Task InitializeAsync()
    {
        await storage.InitializeAsync();
        hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
        hub.Settings["ChangeFeed__Retention"] = "00:00:05";
        hub.Settings["ChangeFeed__RemovalInterval"] = "00:00:01";
        await hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await hub.DisposeAsync();
        await storage.DisposeAsync();
    }

    [Fact]
    public async Task A_watermark_older_than_the_changes_kept_is_refused_with_OUT_OF_RANGE_and_the_latest_one_resumes()
    {
        using var channel = hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        await SyncClient.Push(sync, headers, [[SyncClient.ChildDetails(caseId, "v1", "Sam"), SyncClient.Referral(caseId, 1)]]);

        string afterRegistration, afterReferral;
        using (var watcher = await SyncWatchTests.Watcher.Start(sync, headers, new WatchRequest { FromOldest = true }))
        {
            afterRegistration = (await watcher.Next(e => e.Change?.Type == ChangeType.ChildDetails)).Watermark;
            afterReferral = (await watcher.Next(e => e.Change?.Type == ChangeType.CareRecordSaved)).Watermark;
        }

        // Both changes are removed five seconds on; a watermark between them can no longer resume.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RpcException? refused = null;
        while (refused is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            refused = await Refusal(() => SyncWatchTests.Watcher.First(sync, headers, new WatchRequest { Watermark = afterRegistration, BookmarkIntervalSeconds = 1 }));
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.OutOfRange, refused.StatusCode);
        Assert.Equal("watermark", RpcAssert.Violations(refused).Single().Field);
        Assert.Contains("list the children again", refused.Status.Detail);

        // The watermark after the last change lost nothing: it resumes, and sees the next change.
        using var resumed = await SyncWatchTests.Watcher.Start(sync, headers, new WatchRequest { Watermark = afterReferral });
        await SyncClient.Push(sync, headers, [[SyncClient.Referral(caseId, 2)]]);
        var next = (await resumed.Next(e => e.Change is not null)).Change;
        Assert.Equal("2020-01-03", next.CareRecord.Referral.ReferralDate);
    }

    private static async Task<RpcException?> Refusal(Func<Task<WatchEvent>> start)
    {
        try
        {
            await start();
            return null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }
}
