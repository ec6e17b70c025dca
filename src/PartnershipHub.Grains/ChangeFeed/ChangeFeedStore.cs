using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using PartnershipHub.Abstractions.Sync;

namespace PartnershipHub.Grains.ChangeFeed;

/// <summary>
/// Stores boroughs' change feeds in an Azure table, one partition per borough. In a partition: a head row (the
/// oldest and latest positions), one row per change (row key: the zero-padded position), one row per child and
/// stream with the last change sequence the feed holds (so a change handed over twice is kept once), and one row per
/// child the feed has been told to expect. Changes, markers, the expectation and the head move together in entity
/// group transactions guarded by the head's ETag, so positions never fork or leave gaps.
/// </summary>
public sealed class ChangeFeedStore(TableClient table)
{
    /// <summary>The most rows one entity group transaction may change.</summary>
    public const int MaxTransaction = 100;

    private const string HeadRowKey = "head";
    private const string ChangePrefix = "c";
    private const string MarkerPrefix = "m:";
    private const string ExpectedPrefix = "x:";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Creates the table if it does not exist.</summary>
    public Task InitialiseAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The feed's head: its extent and the ETag to write against (null for a feed never written).</summary>
    public async Task<(FeedExtent Extent, ETag? ETag)> ReadHeadAsync(string borough)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(borough, HeadRowKey);
        return head.HasValue && head.Value is { } entity
            ? (new FeedExtent(entity.GetInt64("Oldest") ?? 1, entity.GetInt64("Latest") ?? 0), entity.ETag)
            : (new FeedExtent(1, 0), null);
    }

    /// <summary>The children the feed was told to expect and has not heard from since.</summary>
    public async Task<IReadOnlyList<string>> ReadExpectedAsync(string borough)
    {
        var children = new List<string>();
        await foreach (var row in InRange(borough, ExpectedPrefix, ["RowKey"]))
        {
            children.Add(row.RowKey[ExpectedPrefix.Length..]);
        }

        return children;
    }

    /// <summary>Records, durably, that the feed expects changes from a child.</summary>
    public Task ExpectAsync(string borough, string childId) =>
        table.UpsertEntityAsync(new TableEntity(borough, ExpectedPrefix + childId), TableUpdateMode.Replace);

    /// <summary>The last sequence of a child's stream that the feed holds; 0 when none.</summary>
    public async Task<long> ReadMarkerAsync(string borough, string childId, ChangeStream stream)
    {
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(borough, MarkerKey(childId, stream), ["Sequence"]);
        return marker.HasValue && marker.Value is { } entity ? entity.GetInt64("Sequence") ?? 0 : 0;
    }

    /// <summary>
    /// Stores entries, the markers that go with them and clears children's expectations, and moves the head, in one
    /// transaction of at most <see cref="MaxTransaction"/> rows. Fails with <see cref="RequestFailedException"/>
    /// (409 or 412) when another writer moved the head first.
    /// </summary>
    /// <returns>The head's new ETag.</returns>
    public async Task<ETag> CommitAsync(
        string borough, FeedExtent extent, ETag? headETag, IReadOnlyList<FeedEntry> entries,
        IReadOnlyDictionary<(string ChildId, ChangeStream Stream), long> markers, IReadOnlyCollection<string> clearExpected)
    {
        var actions = new List<TableTransactionAction>();
        actions.AddRange(entries.Select(entry => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(borough, entry))));
        actions.AddRange(markers.Select(marker => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(borough, MarkerKey(marker.Key.ChildId, marker.Key.Stream)) { ["Sequence"] = marker.Value })));
        actions.AddRange(clearExpected.Select(childId =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(borough, ExpectedPrefix + childId), ETag.All)));

        var head = new TableEntity(borough, HeadRowKey) { ["Oldest"] = extent.Oldest, ["Latest"] = extent.Latest };
        actions.Add(headETag is { } etag
            ? new(TableTransactionActionType.UpdateReplace, head, etag)
            : new(TableTransactionActionType.Add, head));
        var response = await table.SubmitTransactionAsync(actions);
        return response.Value[^1].Headers.ETag ?? ETag.All;
    }

    /// <summary>
    /// Removes the oldest changes up to and including <paramref name="lastRemoved"/> (at most
    /// <see cref="MaxTransaction"/> - 1 rows) and moves the head past them, in one transaction.
    /// </summary>
    public async Task<ETag> RemoveOldestAsync(string borough, FeedExtent extent, ETag headETag, long lastRemoved)
    {
        var actions = new List<TableTransactionAction>();
        for (var position = extent.Oldest; position <= lastRemoved; position++)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(borough, ChangeKey(position)), ETag.All));
        }

        var head = new TableEntity(borough, HeadRowKey) { ["Oldest"] = lastRemoved + 1, ["Latest"] = extent.Latest };
        actions.Add(new(TableTransactionActionType.UpdateReplace, head, headETag));
        var response = await table.SubmitTransactionAsync(actions);
        return response.Value[^1].Headers.ETag ?? ETag.All;
    }

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="position"/>, in order.</summary>
    public async Task<IReadOnlyList<FeedEntry>> ReadAfterAsync(string borough, long position, int max)
    {
        var entries = new List<FeedEntry>();
        var from = ChangeKey(position + 1);
        var to = ChangePrefix + "~";
        await foreach (var row in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == borough && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0, maxPerPage: Math.Min(max, 1000)))
        {
            entries.Add(FromEntity(row));
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }

    private IAsyncEnumerable<TableEntity> InRange(string borough, string prefix, IEnumerable<string> select)
    {
        var to = prefix[..^1] + (char)(prefix[^1] + 1);
        return table.QueryAsync<TableEntity>(e => e.PartitionKey == borough && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(to) < 0, select: select);
    }

    private static string ChangeKey(long position) => ChangePrefix + position.ToString("D19", CultureInfo.InvariantCulture);

    private static string MarkerKey(string childId, ChangeStream stream) => $"{MarkerPrefix}{childId}:{stream}";

    private static TableEntity ToEntity(string borough, FeedEntry entry) => new(borough, ChangeKey(entry.Position))
    {
        ["At"] = entry.Change.At,
        ["Change"] = JsonSerializer.Serialize(entry.Change, Json),
    };

    private static FeedEntry FromEntity(TableEntity row) => new(
        long.Parse(row.RowKey[ChangePrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture),
        JsonSerializer.Deserialize<ChildChange>(row.GetString("Change"), Json)
            ?? throw new InvalidDataException($"change row {row.RowKey} of {row.PartitionKey} is empty"));
}
