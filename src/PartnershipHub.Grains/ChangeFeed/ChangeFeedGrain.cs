using Azure;
using Microsoft.Extensions.Logging;
using PartnershipHub.Abstractions.Sync;

namespace PartnershipHub.Grains.ChangeFeed;

/// <summary>How long boroughs' change feeds keep changes, and how often they tidy up. Section <c>ChangeFeed</c>.</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ChangeFeed";

    /// <summary>
    /// How long a change is kept. A watcher whose watermark is older than the oldest change kept must list again;
    /// the default gives a borough's sync service two weeks to come back after an outage.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often a feed removes the changes older than <see cref="Retention"/>.</summary>
    public TimeSpan RemovalInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a feed waits for a child it was told to expect before asking the child to hand its changes over
    /// (the child or its silo may have failed between storing a change and handing it over).
    /// </summary>
    public TimeSpan ExpectationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A borough's change feed. The table is the source of truth; the grain keeps the head it last wrote, the
/// children it expects and, as a cache, the last sequence it holds per child and stream.
/// </summary>
public sealed partial class ChangeFeedGrain(ChangeFeedStore store, ChangeFeedOptions options, TimeProvider clock, ILogger<ChangeFeedGrain> logger)
    : Grain, IChangeFeedGrain
{
    /// <summary>Rows of a transaction left for changes: the head, a marker per stream and the expectation take the rest.</summary>
    private const int ChangesPerTransaction = ChangeFeedStore.MaxTransaction - 4;

    /// <summary>Beyond this many, the marker cache is emptied rather than grown (markers are re-read from the table).</summary>
    private const int MarkerCacheLimit = 100_000;

    private readonly Dictionary<string, DateTimeOffset> expected = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ChildId, ChangeStream Stream), long> markers = [];
    private FeedExtent extent = new(1, 0);
    private ETag? headETag;

    private string Borough => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Reload();
        this.RegisterGrainTimer(AskOverdueChildren, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), options.ExpectationTimeout));
        this.RegisterGrainTimer(RemoveExpired, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), options.RemovalInterval));
        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task Expect(string childId)
    {
        if (!expected.ContainsKey(childId))
        {
            await store.ExpectAsync(Borough, childId);
            expected[childId] = clock.GetUtcNow();
        }
    }

    /// <inheritdoc />
    public async Task Append(string childId, IReadOnlyList<ChildChange> changes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AppendOnce(childId, changes);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 5)
            {
                // Another activation wrote meanwhile (or cleared the expectation): start again from the table.
                await Reload();
            }
        }
    }

    /// <inheritdoc />
    public Task<FeedExtent> Extent() => Task.FromResult(extent);

    /// <inheritdoc />
    public Task<IReadOnlyList<FeedEntry>> ReadAfter(long position, int max) =>
        store.ReadAfterAsync(Borough, position, Math.Clamp(max, 1, 1000));

    private async Task AppendOnce(string childId, IReadOnlyList<ChildChange> changes)
    {
        var fresh = new List<ChildChange>();
        foreach (var change in changes)
        {
            if (change.Sequence > await HeldSequence(childId, change.Stream))
            {
                fresh.Add(change);
                markers[(childId, change.Stream)] = change.Sequence;
            }
        }

        var clearExpected = expected.ContainsKey(childId) ? childId : null;
        if (fresh.Count == 0 && clearExpected is null)
        {
            return;
        }

        try
        {
            var chunks = fresh.Chunk(ChangesPerTransaction).DefaultIfEmpty(Array.Empty<ChildChange>()).ToList();
            foreach (var (chunk, index) in chunks.Select((chunk, index) => (chunk, index)))
            {
                var entries = chunk.Select((change, i) => new FeedEntry(extent.Latest + 1 + i, change)).ToList();
                var moved = extent with { Latest = extent.Latest + entries.Count };
                var chunkMarkers = chunk.GroupBy(c => c.Stream).ToDictionary(g => (childId, g.Key), g => g.Max(c => c.Sequence));
                headETag = await store.CommitAsync(Borough, moved, headETag, entries, chunkMarkers, index == chunks.Count - 1 ? clearExpected : null);
                extent = moved;
            }
        }
        catch
        {
            markers.Clear();
            throw;
        }

        expected.Remove(childId);
    }

    private async Task<long> HeldSequence(string childId, ChangeStream stream)
    {
        if (!markers.TryGetValue((childId, stream), out var held))
        {
            if (markers.Count >= MarkerCacheLimit)
            {
                markers.Clear();
            }

            held = await store.ReadMarkerAsync(Borough, childId, stream);
            markers[(childId, stream)] = held;
        }

        return held;
    }

    /// <summary>Asks each child expected for longer than the timeout to hand its changes over (one-way: no waiting on it).</summary>
    private async Task AskOverdueChildren(CancellationToken cancellationToken)
    {
        var overdue = expected.Where(e => clock.GetUtcNow() - e.Value >= options.ExpectationTimeout).Select(e => e.Key).ToList();
        if (overdue.Count > 0)
        {
            LogAskingChildren(overdue.Count, Borough);
        }

        foreach (var childId in overdue)
        {
            await GrainFactory.GetGrain<IChildChangesGrain>(childId).HandOverChanges();
        }
    }

    /// <summary>Removes the changes older than the retention, a transaction at a time.</summary>
    private async Task RemoveExpired(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Retention;
        try
        {
            while (!cancellationToken.IsCancellationRequested && headETag is { } etag)
            {
                var oldest = await store.ReadAfterAsync(Borough, extent.Oldest - 1, ChangeFeedStore.MaxTransaction - 1);
                var expired = oldest.TakeWhile(e => e.Change.At < cutoff).ToList();
                if (expired.Count == 0)
                {
                    return;
                }

                headETag = await store.RemoveOldestAsync(Borough, extent, etag, expired[^1].Position);
                extent = extent with { Oldest = expired[^1].Position + 1 };
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            await Reload();
        }
    }

    private async Task Reload()
    {
        (extent, headETag) = await store.ReadHeadAsync(Borough);
        markers.Clear();
        expected.Clear();
        foreach (var childId in await store.ReadExpectedAsync(Borough))
        {
            // Expected before this activation knew of it: ask at the next tick.
            expected[childId] = DateTimeOffset.MinValue;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Asking {Count} children of {Borough} to hand over changes the feed expected and has not received")]
    private partial void LogAskingChildren(int count, string borough);
}
