using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Host.Tests.Care;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// Boroughs following the changes to children's records through the watch stream, against the real hub: resuming
/// from a watermark after a disconnect, what partner boroughs see, bookmarks, and refusals.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class SyncWatchTests(HubFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task A_watcher_disconnected_mid_stream_and_resumed_from_its_last_watermark_misses_nothing_and_sees_nothing_twice()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var start = await Watcher.Start(sync, headers, new WatchRequest());
        var watermark = (await start.Next(e => e.Bookmark is not null)).Watermark;
        start.Dispose();

        // Three children registered through sync, then 72 referrals in six batches, while the watcher comes and goes.
        var cases = Enumerable.Range(0, 3).Select(_ => "WCC-" + Guid.NewGuid().ToString("N")[..10]).ToList();
        var batches = new List<IEnumerable<ChangeRecord>> { cases.Select(c => SyncClient.ChildDetails(c, "v1", "Sam")) };
        batches.AddRange(Enumerable.Range(0, 6).Select(b => cases.SelectMany(c => Enumerable.Range(b * 4, 4).Select(n => SyncClient.Referral(c, n)))));
        var pushing = SyncClient.Push(sync, headers, batches);

        var seen = new List<ChildChange>();
        var first = await Watcher.Start(sync, headers, new WatchRequest { Watermark = watermark });
        while (seen.Count < 20)
        {
            var change = await first.Next(e => e.Change is not null);
            seen.Add(change.Change);
            watermark = change.Watermark;
        }

        first.Dispose();
        var answers = await pushing;
        var applied = answers.SelectMany(a => a.Outcomes).Where(o => o.Outcome == ChangeOutcome.Applied).ToList();
        Assert.Equal(cases.Count + (6 * 4 * cases.Count), applied.Count);

        using var second = await Watcher.Start(sync, headers, new WatchRequest { Watermark = watermark });
        var ours = applied.Select(o => o.RecordId).ToHashSet();
        while (seen.Count(c => Key(c) is { } key && ours.Contains(key)) < applied.Count)
        {
            seen.Add((await second.Next(e => e.Change is not null)).Change);
        }

        var keys = seen.Select(Key).Where(ours.Contains).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(ours.Order(), keys.Order());
        var details = seen.Where(c => c.Type == ChangeType.ChildDetails && cases.Contains(c.ChildCaseId)).ToList();
        Assert.Equal(cases.Order(), details.Select(d => d.ChildCaseId).Order());
        Assert.All(details, d => Assert.Equal("Sam", d.Child.GivenName));
        Assert.All(seen.Where(c => c.Type == ChangeType.CareRecordSaved), c =>
        {
            Assert.Equal(CareRecordKind.Referral, c.Kind);
            Assert.StartsWith($"REF-{c.ChildCaseId}-", c.SourceId);
            Assert.Equal(1, c.Version);
        });

        // Each child's changes arrive in the order they were stored: registration first, referrals by date.
        foreach (var child in seen.Where(c => cases.Contains(c.ChildCaseId)).GroupBy(c => c.ChildId))
        {
            Assert.Equal(ChangeType.ChildDetails, child.First().Type);
            var dates = child.Skip(1).Select(c => c.CareRecord.Referral.ReferralDate).ToList();
            Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        }
    }

    [Fact]
    public async Task A_partner_borough_sees_only_the_placements_it_shares_and_an_unrelated_borough_sees_nothing()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var westminster = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        using var kensington = await Watcher.Start(sync, Hub.As(ChildRequests.KensingtonAndChelsea, "borough-sync", "rbkc-lcs"), new WatchRequest { BookmarkIntervalSeconds = 1 });
        using var ealing = await Watcher.Start(sync, Hub.As("E09000009", "borough-sync", "ealing-lcs"), new WatchRequest { BookmarkIntervalSeconds = 1 });
        await ealing.Next(e => e.Bookmark is not null);
        await kensington.Next(e => e.Bookmark is not null);

        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        var episode = new ChangeRecord
        {
            SourceId = $"EP-{caseId}",
            Version = "v1",
            Kind = CareRecordKind.CareEpisode,
            ChildCaseId = caseId,
            CareRecord = new CareRecordBody { CareEpisode = CareRequests.Episode("2025-03-10") },
        };
        var answers = await SyncClient.Push(sync, westminster, [[SyncClient.ChildDetails(caseId, "v1", "Sam"), SyncClient.Referral(caseId, 1), episode]]);
        Assert.All(answers.Single().Outcomes, o => Assert.Equal(ChangeOutcome.Applied, o.Outcome));
        var childId = answers.Single().Outcomes[0].RecordId;

        var placement = (await kensington.Next(e => e.Change?.ChildId == childId)).Change;
        Assert.Equal(ChangeType.CareRecordSaved, placement.Type);
        Assert.Equal(CareRecordKind.CareEpisode, placement.Kind);
        Assert.Equal("W6", placement.CareRecord.CareEpisode.PostcodeDistrict);
        Assert.Equal((string.Empty, string.Empty, ChildRequests.Westminster), (placement.ChildCaseId, placement.SourceId, placement.ResponsibleBorough));

        // Nothing else of that child reaches Kensington and Chelsea, and nothing at all reaches Ealing (which shares
        // neither fostering nor adoption with Westminster): their next bookmarks come with no change before them.
        await kensington.Next(e => e.Bookmark is not null, unexpected: e => e.Change?.ChildId == childId);
        await ealing.Next(e => e.Bookmark is not null, unexpected: e => e.Change is not null);
    }

    [Fact]
    public async Task Bad_watch_requests_are_refused_with_the_field_and_other_roles_may_not_watch()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        await RpcAssert.InvalidField("watermark", () => Watcher.First(sync, headers, new WatchRequest { Watermark = "not-a-watermark" }));
        await RpcAssert.InvalidField("bookmark_interval_seconds", () => Watcher.First(sync, headers, new WatchRequest { BookmarkIntervalSeconds = 301 }));
        var watermark = (await Watcher.First(sync, headers, new WatchRequest())).Watermark;
        await RpcAssert.InvalidField("from_oldest", () => Watcher.First(sync, headers, new WatchRequest { Watermark = watermark, FromOldest = true }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Watcher.First(sync, Hub.As(ChildRequests.Westminster, "social-worker", "jo"), new WatchRequest()));
    }

    /// <summary>The record a change is about: the care record's id, or the child's id for their details.</summary>
    private static string Key(ChildChange change) => change.Type == ChangeType.ChildDetails ? change.ChildId : change.RecordId;

    /// <summary>A watch call and its events, read with a time limit.</summary>
    public sealed class Watcher : IDisposable
    {
        private readonly AsyncServerStreamingCall<WatchEvent> call;

        private Watcher(AsyncServerStreamingCall<WatchEvent> call) => this.call = call;

        /// <summary>Starts a watch and waits for the hub to accept it (a refusal surfaces with the first event).</summary>
        public static async Task<Watcher> Start(SyncService.SyncServiceClient sync, Metadata headers, WatchRequest request)
        {
            var watcher = new Watcher(sync.Watch(request, headers));
            await watcher.call.ResponseHeadersAsync;
            return watcher;
        }

        /// <summary>Starts a watch and returns its first event, or throws the status the watch ended with.</summary>
        public static async Task<WatchEvent> First(SyncService.SyncServiceClient sync, Metadata headers, WatchRequest request)
        {
            using var watcher = await Start(sync, headers, request);
            return await watcher.Next(_ => true);
        }

        /// <summary>The next event that matches, failing on one that matches <paramref name="unexpected"/> first.</summary>
        public async Task<WatchEvent> Next(Func<WatchEvent, bool> wanted, Func<WatchEvent, bool>? unexpected = null)
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
                var current = call.ResponseStream.Current;
                Assert.False(unexpected?.Invoke(current) ?? false, $"unexpected event {current}");
                if (wanted(current))
                {
                    return current;
                }
            }

            throw new InvalidOperationException("the watch ended");
        }

        /// <inheritdoc />
        public void Dispose() => call.Dispose();
    }
}
