using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using PartnershipHub.Abstractions.Sync;

namespace PartnershipHub.Grains.ChangeFeed;

/// <summary>
/// Stores boroughs' change feeds in an Azure table, one partition per borough. In a partition: a head row (the
/// oldest and latest positions), change rows each holding one or more consecutive changes of one child (row key: the
/// zero-padded position of its last change, so the row holding a position is the first at or after it), one row per
/// child and stream with the last change sequence the feed holds (so a change handed over twice is kept once), and
/// one row per child the feed has been told to expect. Changes, markers, the expectation and the head move together in entity
/// group transactions guarded by the head's ETag, so positions never fork or leave gaps.
/// </summary>
public sealed class ChangeFeedStore(TableClient table)
{
    /// <summary>The most rows one entity group transaction may change.</summary>
    public const int MaxTransaction = 100;

    /// <summary>The most characters of changes one row holds (a string property holds at most 32K characters).</summary>
    public const int MaxRowCharacters = 30_000;

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

    /// <summary>A change as a row stores it.</summary>
    public static string Serialize(ChildChange change) => JsonSerializer.Serialize(change, Json);

    /// <summary>
    /// Stores change rows, the markers that go with them and clears children's expectations, and moves the head, in
    /// one transaction of at most <see cref="MaxTransaction"/> rows. Fails with <see cref="RequestFailedException"/>
    /// (409 or 412) when another writer moved the head first.
    /// </summary>
    /// <returns>The head's new ETag.</returns>
    public async Task<ETag> CommitAsync(
        string borough, FeedExtent extent, ETag? headETag, IReadOnlyList<ChangeRow> rows,
        IReadOnlyDictionary<(string ChildId, ChangeStream Stream), long> markers, IReadOnlyCollection<string> clearExpected)
    {
        var actions = new List<TableTransactionAction>();
        actions.AddRange(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(borough, ChangeKey(row.Last))
        {
            ["First"] = row.First,
            ["At"] = row.At,
            ["Changes"] = "[" + string.Join(',', row.Changes) + "]",
        })));
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

    /// <summary>The oldest change rows (at most <paramref name="max"/>): the position of each one's last change, and when its latest change was stored.</summary>
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

    /// <summary>
    /// Removes the change rows whose last changes are <paramref name="rowsLast"/> (at most
    /// <see cref="MaxTransaction"/> - 1, the oldest ones) and moves the head's oldest position past them, in one transaction.
    /// </summary>
    public async Task<ETag> RemoveOldestAsync(string borough, FeedExtent extent, ETag headETag, IReadOnlyList<long> rowsLast)
    {
        var actions = rowsLast
            .Select(last => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(borough, ChangeKey(last)), ETag.All))
            .ToList();
        var head = new TableEntity(borough, HeadRowKey) { ["Oldest"] = rowsLast[^1] + 1, ["Latest"] = extent.Latest };
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
            var first = row.GetInt64("First") ?? Position(row.RowKey);
            var changes = JsonSerializer.Deserialize<List<ChildChange>>(row.GetString("Changes"), Json)
                ?? throw new InvalidDataException($"change row {row.RowKey} of {row.PartitionKey} is empty");
            entries.AddRange(changes.Select((change, i) => new FeedEntry(first + i, change)).Where(e => e.Position > position));
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

    private static long Position(string rowKey) => long.Parse(rowKey[ChangePrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>Consecutive changes of one child, stored as one row.</summary>
/// <param name="childId">The child.</param>
/// <param name="first">The position of the first change.</param>
public sealed class ChangeRow(string childId, long first)
{
    /// <summary>The child the changes are about.</summary>
    public string ChildId { get; } = childId;

    /// <summary>The position of the first change.</summary>
    public long First { get; } = first;

    /// <summary>The position of the last change.</summary>
    public long Last => First + Changes.Count - 1;

    /// <summary>The changes, serialised with <see cref="ChangeFeedStore.Serialize"/>.</summary>
    public List<string> Changes { get; } = [];

    /// <summary>When the latest of them was stored.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The characters the changes take.</summary>
    public int Characters { get; private set; }

    /// <summary>Whether a change of <paramref name="characters"/> more fits in the row.</summary>
    public bool Fits(int characters) => Characters + characters + 2 <= ChangeFeedStore.MaxRowCharacters;

    /// <summary>Adds the next change.</summary>
    public void Add(ChildChange change, string serialised)
    {
        Changes.Add(serialised);
        Characters += serialised.Length + 1;
        At = change.At > At ? change.At : At;
    }
}
