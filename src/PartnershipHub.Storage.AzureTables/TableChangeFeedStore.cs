using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Abstractions;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Stores boroughs' change feeds in an Azure table, one partition per borough. In a partition: a head row (the
/// oldest and latest positions), change rows each holding one or more consecutive changes of one child (row key: the
/// zero-padded position of its last change, so the row holding a position is the first at or after it), one row per
/// child and stream with the last change sequence the feed holds (so a change handed over twice is kept once), and
/// one row per child the feed has been told to expect. Changes, markers, the expectation and the head move together in entity
/// group transactions guarded by the head's ETag, so positions never fork or leave gaps.
/// </summary>
public sealed class TableChangeFeedStore(TableClient table) : IChangeFeedStore
{
    /// <summary>The row key of a feed's head.</summary>
    internal const string HeadRowKey = "head";

    /// <summary>What a change row's key starts with.</summary>
    internal const string ChangePrefix = "c";

    /// <summary>What a marker's row key starts with.</summary>
    internal const string MarkerPrefix = "m:";

    /// <summary>What an expected child's row key starts with.</summary>
    internal const string ExpectedPrefix = "x:";

    /// <summary>The table the feeds are kept in.</summary>
    public TableClient Table => table;

    /// <inheritdoc />
    public async Task<(FeedExtent Extent, string? Version)> ReadHeadAsync(string borough)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(borough, HeadRowKey);
        return head.HasValue && head.Value is { } entity
            ? (new FeedExtent(entity.GetInt64("Oldest") ?? 1, entity.GetInt64("Latest") ?? 0), entity.ETag.ToString())
            : (new FeedExtent(1, 0), null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReadExpectedAsync(string borough)
    {
        var children = new List<string>();
        await foreach (var row in InRange(borough, ExpectedPrefix, ["RowKey"]))
        {
            children.Add(row.RowKey[ExpectedPrefix.Length..]);
        }

        return children;
    }

    /// <inheritdoc />
    public Task ExpectAsync(string borough, IReadOnlyCollection<string> childIds) => childIds.Count == 1
        ? table.UpsertEntityAsync(ExpectedEntity(borough, childIds.First()), TableUpdateMode.Replace)
        : table.SubmitTransactionAsync(childIds.Select(childId => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ExpectedEntity(borough, childId))));

    /// <inheritdoc />
    public async Task<long> ReadMarkerAsync(string borough, string childId, ChangeStream stream)
    {
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(borough, MarkerKey(childId, stream), ["Sequence"]);
        return marker.HasValue && marker.Value is { } entity ? entity.GetInt64("Sequence") ?? 0 : 0;
    }

    /// <inheritdoc />
    public async Task<string> CommitAsync(
        string borough, FeedExtent extent, string? headVersion, IReadOnlyList<ChangeRow> rows,
        IReadOnlyDictionary<(string ChildId, ChangeStream Stream), long> markers, IReadOnlyCollection<string> clearExpected,
        IReadOnlySet<(string ChildId, ChangeStream Stream)>? newMarkers = null)
    {
        var actions = new List<TableTransactionAction>();
        actions.AddRange(rows.Select(row => new TableTransactionAction(
            TableTransactionActionType.Add, ChangeEntity(borough, new StoredChangeRow(row.First, row.Last, row.At, ChangeFeedFormat.Join(row))))));
        actions.AddRange(markers.Select(marker => new TableTransactionAction(
            newMarkers?.Contains(marker.Key) == true ? TableTransactionActionType.Add : TableTransactionActionType.UpsertReplace,
            MarkerEntity(borough, new StoredFeedMarker(marker.Key.ChildId, marker.Key.Stream, marker.Value)))));
        actions.AddRange(clearExpected.Select(childId =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(borough, ExpectedPrefix + childId), ETag.All)));

        var head = HeadEntity(borough, extent);
        actions.Add(headVersion is { } etag
            ? new(TableTransactionActionType.UpdateReplace, head, new ETag(etag))
            : new(TableTransactionActionType.Add, head));
        return await SubmitAsync(actions);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(long Last, DateTimeOffset At)>> ReadOldestRowsAsync(string borough, int max)
    {
        var rows = new List<(long, DateTimeOffset)>();
        await foreach (var row in InRange(borough, ChangePrefix, ["RowKey", "At"]))
        {
            rows.Add((Position(row.RowKey), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            if (rows.Count >= max)
            {
                break;
            }
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<string> RemoveOldestAsync(string borough, FeedExtent extent, string headVersion, IReadOnlyList<long> rowsLast)
    {
        var actions = rowsLast
            .Select(last => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(borough, ChangeKey(last)), ETag.All))
            .ToList();
        var head = HeadEntity(borough, extent with { Oldest = rowsLast[^1] + 1 });
        actions.Add(new(TableTransactionActionType.UpdateReplace, head, new ETag(headVersion)));
        return await SubmitAsync(actions);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FeedEntry>> ReadAfterAsync(string borough, long position, int max)
    {
        var entries = new List<FeedEntry>();
        var from = ChangeKey(position + 1);
        var to = ChangePrefix + "~";
        await foreach (var row in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == borough && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0, maxPerPage: Math.Min(max, 1000)))
        {
            var first = row.GetInt64("First") ?? Position(row.RowKey);
            entries.AddRange(ChangeFeedFormat.Entries(first, row.GetString("Changes")).Where(e => e.Position > position));
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Submits a transaction whose last action moves the head; another writer's move (or an expectation it cleared) is a conflict.</summary>
    private async Task<string> SubmitAsync(List<TableTransactionAction> actions)
    {
        try
        {
            var response = await table.SubmitTransactionAsync(actions);
            return (response.Value[^1].Headers.ETag ?? ETag.All).ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            throw new StoreConflictException("The change feed's head moved since it was read.", ex);
        }
    }

    private IAsyncEnumerable<TableEntity> InRange(string borough, string prefix, IEnumerable<string> select)
    {
        var to = prefix[..^1] + (char)(prefix[^1] + 1);
        return table.QueryAsync<TableEntity>(e => e.PartitionKey == borough && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(to) < 0, select: select);
    }

    /// <summary>A feed's head row.</summary>
    internal static TableEntity HeadEntity(string borough, FeedExtent extent) =>
        new(borough, HeadRowKey) { ["Oldest"] = extent.Oldest, ["Latest"] = extent.Latest };

    /// <summary>A change row.</summary>
    internal static TableEntity ChangeEntity(string borough, StoredChangeRow row) =>
        new(borough, ChangeKey(row.Last)) { ["First"] = row.First, ["At"] = row.At, ["Changes"] = row.Changes };

    /// <summary>A marker row.</summary>
    internal static TableEntity MarkerEntity(string borough, StoredFeedMarker marker) =>
        new(borough, MarkerKey(marker.ChildId, marker.Stream)) { ["Sequence"] = marker.Sequence };

    /// <summary>An expected child's row.</summary>
    internal static TableEntity ExpectedEntity(string borough, string childId) => new(borough, ExpectedPrefix + childId);

    private static string ChangeKey(long position) => ChangePrefix + position.ToString("D19", CultureInfo.InvariantCulture);

    private static string MarkerKey(string childId, ChangeStream stream) => $"{MarkerPrefix}{childId}:{stream}";

    /// <summary>The position a change row's key names.</summary>
    internal static long Position(string rowKey) => long.Parse(rowKey[ChangePrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture);
}
