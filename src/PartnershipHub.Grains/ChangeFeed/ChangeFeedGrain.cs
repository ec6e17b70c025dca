using Microsoft.Extensions.Logging;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Abstractions;
using PartnershipHub.Grains.Measures;

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
/// A borough's change feed. The store is the source of truth; the grain keeps the head it last wrote, the
/// children it expects and, as a cache, the last sequence it holds per child and stream. Hand-overs that arrive
/// while a write is under way wait for it and are then written together (a group commit), so a feed keeps up with
/// many children changing at once.
/// </summary>
public sealed partial class ChangeFeedGrain(IChangeFeedStore store, ChangeFeedOptions options, TimeProvider clock, ILogger<ChangeFeedGrain> logger)
    : Grain, IChangeFeedGrain
{
    /// <summary>Beyond this many, the marker cache is emptied rather than grown (markers are re-read from the store).</summary>
    private const int MarkerCacheLimit = 100_000;

    private readonly Dictionary<string, DateTimeOffset> expected = new(StringComparer.Ordinal);

    /// <summary>Children that asked to be expected since the last store of expectations began.</summary>
    private readonly HashSet<string> expecting = new(StringComparer.Ordinal);

    private GroupCommit? expectations;
    private readonly Dictionary<(string ChildId, ChangeStream Stream), long> markers = [];
    private readonly List<HandOver> waiting = [];
    private Task? writing;
    private FeedExtent extent = new(1, 0);
    private string? headVersion;

    private string Borough => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A failed store of expectations fails its callers (their children's writes), who send their changes again.
        expectations = new GroupCommit(StoreExpectations, () => { });
        await Reload();
        this.RegisterGrainTimer(AskOverdueChildren, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), options.ExpectationTimeout));
        this.RegisterGrainTimer(RemoveExpired, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), options.RemovalInterval));
        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task Expect(string childId)
    {
        if (expected.ContainsKey(childId))
        {
            return Task.CompletedTask;
        }

        expecting.Add(childId);
        return expectations!.Next();
    }

    /// <summary>Stores the expectations asked for while the store before was under way, together (a sync batch's children in one write).</summary>
    private async Task StoreExpectations()
    {
        var children = expecting.Where(childId => !expected.ContainsKey(childId)).ToList();
        expecting.Clear();
        foreach (var part in children.Chunk(ChangeFeedFormat.MaxTransaction))
        {
            await store.ExpectAsync(Borough, part);
            foreach (var childId in part)
            {
                expected.TryAdd(childId, clock.GetUtcNow());
            }
        }
    }

    /// <inheritdoc />
    public Task Append(string childId, IReadOnlyList<ChildChange> changes, IReadOnlyCollection<ChangeStream> newStreams)
    {
        var handOver = new HandOver(childId, changes, newStreams, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        waiting.Add(handOver);
        if (writing is null || writing.IsCompleted)
        {
            writing = WriteWaiting();
        }

        return handOver.Stored.Task;
    }

    /// <inheritdoc />
    public Task<FeedExtent> Extent() => Task.FromResult(extent);

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> Markers(IReadOnlyList<string> childIds, ChangeStream stream) =>
        await Task.WhenAll(childIds.Select(childId => store.ReadMarkerAsync(Borough, childId, stream)));

    /// <inheritdoc />
    public Task<IReadOnlyList<FeedEntry>> ReadAfter(long position, int max) =>
        store.ReadAfterAsync(Borough, position, Math.Clamp(max, 1, 1000));

    /// <summary>Writes whatever hand-overs are waiting, then those that arrived meanwhile, until none wait.</summary>
    private async Task WriteWaiting()
    {
        while (waiting.Count > 0)
        {
            var group = waiting.ToList();
            waiting.Clear();
            try
            {
                await Write(group);
                group.ForEach(h => h.Stored.SetResult());
            }
            catch (Exception ex)
            {
                group.ForEach(h => h.Stored.SetException(ex));
            }
        }
    }

    private async Task Write(IReadOnlyList<HandOver> group)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Only the first attempt trusts the children's word that a stream is new: after a conflict, markers are read.
                await WriteOnce(group, trustNewStreams: attempt == 1);
                return;
            }
            catch (StoreConflictException) when (attempt < 5)
            {
                // Another activation wrote meanwhile (or cleared an expectation): start again from the store; the
                // markers keep what was already stored from being stored twice.
                await Reload();
            }
        }
    }

    /// <summary>
    /// Stores the group's new changes in as few commits as the store allows, each with its markers. A marker not
    /// cached of a stream its child says is new is not read but added (a conflict if it exists after all).
    /// </summary>
    private async Task WriteOnce(IReadOnlyList<HandOver> group, bool trustNewStreams)
    {
        var missing = group.SelectMany(h => h.Changes.Select(c => (h.ChildId, c.Stream))).Distinct().Where(k => !markers.ContainsKey(k)).ToList();
        var added = trustNewStreams
            ? group.SelectMany(h => h.NewStreams.Select(stream => (h.ChildId, stream))).Where(missing.Contains).ToHashSet()
            : [];
        await ReadMarkers([.. missing.Where(k => !added.Contains(k))]);
        foreach (var key in added)
        {
            markers[key] = 0;
        }

        var transaction = new FeedTransaction(extent.Latest, added);
        var cleared = new List<string>();
        try
        {
            foreach (var (childId, changes, _, _) in group)
            {
                foreach (var change in changes.Where(c => c.Sequence > markers[(childId, c.Stream)]))
                {
                    var serialised = ChangeFeedFormat.Serialize(change);
                    transaction = await CommitIfFull(transaction, transaction.RowsToAdd(childId, change.Stream, serialised.Length), added);
                    transaction.Add(childId, change, serialised);
                    markers[(childId, change.Stream)] = change.Sequence;
                }

                if (expected.Remove(childId))
                {
                    cleared.Add(childId);
                    transaction = await CommitIfFull(transaction, 1, added);
                    transaction.Cleared.Add(childId);
                }
            }

            await Commit(transaction);
        }
        catch
        {
            // What is stored is known again from the store: the markers on the next write, the expectations on
            // the next reload (an expectation already cleared is then refused with 404, and reloaded).
            markers.Clear();
            cleared.ForEach(childId => expected.TryAdd(childId, clock.GetUtcNow()));
            throw;
        }
    }

    private async Task<FeedTransaction> CommitIfFull(FeedTransaction transaction, int rows, HashSet<(string ChildId, ChangeStream Stream)> added)
    {
        // One row of every transaction is the head.
        if (transaction.RowCount + rows < ChangeFeedFormat.MaxTransaction)
        {
            return transaction;
        }

        await Commit(transaction);
        added.ExceptWith(transaction.Markers.Keys);
        return new FeedTransaction(extent.Latest, added);
    }

    private async Task Commit(FeedTransaction transaction)
    {
        if (transaction.RowCount == 0)
        {
            return;
        }

        var moved = extent with { Latest = extent.Latest + transaction.Rows.Sum(r => r.Changes.Count) };
        headVersion = await store.CommitAsync(Borough, moved, headVersion, transaction.Rows, transaction.Markers, transaction.Cleared, transaction.NewMarkers);
        extent = moved;
    }

    /// <summary>Reads the markers not cached, all at once.</summary>
    private async Task ReadMarkers(IReadOnlyList<(string ChildId, ChangeStream Stream)> missing)
    {
        if (markers.Count + missing.Count > MarkerCacheLimit)
        {
            markers.Clear();
        }

        var read = await Task.WhenAll(missing.Select(k => store.ReadMarkerAsync(Borough, k.ChildId, k.Stream)));
        foreach (var (key, sequence) in missing.Zip(read))
        {
            markers[key] = sequence;
        }
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

    /// <summary>Removes the change rows whose every change is older than the retention, a transaction at a time.</summary>
    private async Task RemoveExpired(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Retention;
        try
        {
            while (!cancellationToken.IsCancellationRequested && headVersion is { } etag)
            {
                var oldest = await store.ReadOldestRowsAsync(Borough, ChangeFeedFormat.MaxTransaction - 1);
                var expired = oldest.TakeWhile(row => row.At < cutoff).Select(row => row.Last).ToList();
                if (expired.Count == 0)
                {
                    return;
                }

                headVersion = await store.RemoveOldestAsync(Borough, extent, etag, expired);
                extent = extent with { Oldest = expired[^1] + 1 };
            }
        }
        catch (StoreConflictException)
        {
            await Reload();
        }
    }

    private async Task Reload()
    {
        (extent, headVersion) = await store.ReadHeadAsync(Borough);
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

    /// <summary>A child's changes waiting to be stored, and the caller waiting for them.</summary>
    private sealed record HandOver(string ChildId, IReadOnlyList<ChildChange> Changes, IReadOnlyCollection<ChangeStream> NewStreams, TaskCompletionSource Stored);

    /// <summary>
    /// The rows of one transaction being put together: changes from position <c>after + 1</c> on, packed into rows of
    /// one child each, their markers (those in <paramref name="added"/> new to the store), and the expectations cleared.
    /// </summary>
    private sealed class FeedTransaction(long after, IReadOnlySet<(string ChildId, ChangeStream Stream)> added)
    {
        /// <summary>The markers of this transaction that the store does not hold yet.</summary>
        public IReadOnlySet<(string ChildId, ChangeStream Stream)> NewMarkers => added;

        public List<ChangeRow> Rows { get; } = [];

        public Dictionary<(string ChildId, ChangeStream Stream), long> Markers { get; } = [];

        public List<string> Cleared { get; } = [];

        public int RowCount => Rows.Count + Markers.Count + Cleared.Count;

        /// <summary>The rows adding a change takes: a new row unless it fits the child's last one, and its marker if new here.</summary>
        public int RowsToAdd(string childId, ChangeStream stream, int characters) =>
            (FitsLastRow(childId, characters) ? 0 : 1) + (Markers.ContainsKey((childId, stream)) ? 0 : 1);

        public void Add(string childId, ChildChange change, string serialised)
        {
            if (!FitsLastRow(childId, serialised.Length))
            {
                Rows.Add(new ChangeRow(childId, after + 1 + Rows.Sum(r => r.Changes.Count)));
            }

            Rows[^1].Add(change, serialised);
            Markers[(childId, change.Stream)] = change.Sequence;
        }

        private bool FitsLastRow(string childId, int characters) => Rows.Count > 0 && Rows[^1].ChildId == childId && Rows[^1].Fits(characters);
    }
}
