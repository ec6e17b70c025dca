using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.Audit;
using Orleans.Runtime;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// The Azure table store's rows for a copy between backends, in the layouts of <see cref="TableGrainStorage"/>,
/// <see cref="TableAuditStore"/> and <see cref="TableChangeFeedStore"/> (their own key and entity builders), read by
/// scanning each table and written as inserts, in entity group transactions of at most 100 rows per partition.
/// Grain states are those of one service id (the hub's <c>Hub:ServiceId</c>); other services' rows in the same table
/// are neither read nor counted.
/// </summary>
public sealed class TableStoreTransfer : IStoreTransfer
{
    private const int MaxTransaction = 100;
    private const long MaxTransactionBytes = 2 * 1024 * 1024;

    private readonly TableClient grains;
    private readonly string partitionPrefix;
    private readonly TableAuditStore audit;
    private readonly TableChangeFeedStore feeds;

    /// <summary>Reads and writes the hub tables <paramref name="names"/> of <paramref name="tables"/> for service <paramref name="serviceId"/>.</summary>
    public TableStoreTransfer(TableServiceClient tables, HubTableNames names, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        grains = tables.GetTableClient(names.GrainState);
        partitionPrefix = TableGrainStorage.PartitionPrefix(serviceId);
        audit = new TableAuditStore(tables.GetTableClient(names.Audit));
        feeds = new TableChangeFeedStore(tables.GetTableClient(names.ChangeFeed));
    }

    /// <inheritdoc />
    public string Description => Store.Description;

    /// <inheritdoc />
    public IAuditStore Audit => audit;

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken) => Store.InitialiseAsync(cancellationToken);

    private AzureTablesHubStore Store => new(grains, audit, feeds);

    /// <inheritdoc />
    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        long states = 0, chains = 0, records = 0, rows = 0, markers = 0, expected = 0;
        await foreach (var _ in GrainRows(cancellationToken))
        {
            states++;
        }

        await foreach (var row in AuditRows(cancellationToken))
        {
            _ = row.RowKey.EndsWith(TableAuditStore.HeadSuffix, StringComparison.Ordinal) ? chains++ : records++;
        }

        var boroughs = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in feeds.Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            boroughs.Add(row.PartitionKey);
            _ = row.RowKey switch
            {
                var key when key.StartsWith(TableChangeFeedStore.MarkerPrefix, StringComparison.Ordinal) => markers++,
                var key when key.StartsWith(TableChangeFeedStore.ExpectedPrefix, StringComparison.Ordinal) => expected++,
                var key when key.StartsWith(TableChangeFeedStore.ChangePrefix, StringComparison.Ordinal) => rows++,
                _ => 0,
            };
        }

        return new StoreCounts(states, chains, records, boroughs.Count, rows, markers, expected);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredGrainState> ReadGrainStatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in GrainRows(cancellationToken))
        {
            if (TableKeyEncoding.SplitKey(entity.RowKey) is not [var stateName, var grainType, var grainKey])
            {
                throw new InvalidDataException(
                    $"A grain state in table '{grains.Name}' has a key too long to name its grain (it was shortened with a hash), " +
                    "so it cannot be copied to another backend.");
            }

            var data = TableStateFormat.Unwrap(TableStateFormat.StoredBytes(entity)).ToArray();
            yield return new StoredGrainState(grainType, grainKey, stateName, data);
        }
    }

    /// <inheritdoc />
    public Task WriteGrainStatesAsync(IReadOnlyList<StoredGrainState> states, CancellationToken cancellationToken) => Parallel.ForEachAsync(
        states,
        new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
        async (state, token) =>
        {
            // The keys the official provider gives the grain id and row name TableGrainStorage hands it.
            var grainId = GrainId.Create(state.GrainType, state.GrainKey);
            var partitionKey = partitionPrefix + TableGrainStorage.StoredId(grainId).ToString()!.Replace('/', '_');
            var rowKey = TableGrainStorage.RowName(state.StateName, grainId);
            await grains.AddEntityAsync(TableStateFormat.Row(partitionKey, rowKey, state.Data), token);
        });

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadAuditSubjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in AuditRows(cancellationToken))
        {
            if (row.RowKey.EndsWith(TableAuditStore.HeadSuffix, StringComparison.Ordinal))
            {
                yield return TableAuditStore.Subject(row.PartitionKey);
            }
        }
    }

    /// <inheritdoc />
    public Task WriteAuditChainAsync(string subject, IReadOnlyList<AuditRecord> records, DeliveryMarks marks, CancellationToken cancellationToken) =>
        SubmitAsync(
            audit.Table,
            records.Select(record => TableAuditStore.ToEntity(TableAuditStore.Partition(subject), record))
                .Concat(records.Count > 0 ? [TableAuditStore.Head(records[^1], marks)] : []),
            cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredFeed> ReadFeedsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Rows come back in partition and row key order, so each borough's rows are together and its change rows in position order.
        var feed = new FeedBuilder(string.Empty);
        await foreach (var row in feeds.Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (row.PartitionKey != feed.Borough)
            {
                if (feed.Borough.Length > 0)
                {
                    yield return feed.Build();
                }

                feed = new FeedBuilder(row.PartitionKey);
            }

            feed.Add(row);
        }

        if (feed.Borough.Length > 0)
        {
            yield return feed.Build();
        }
    }

    /// <inheritdoc />
    public Task WriteFeedAsync(StoredFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var entities = feed.Rows.Select(row => TableChangeFeedStore.ChangeEntity(feed.Borough, row))
            .Concat(feed.Markers.Select(marker => TableChangeFeedStore.MarkerEntity(feed.Borough, marker)))
            .Concat(feed.Expected.Select(childId => TableChangeFeedStore.ExpectedEntity(feed.Borough, childId)))
            .Concat(feed.Extent is { } extent ? [TableChangeFeedStore.HeadEntity(feed.Borough, extent)] : []);
        return SubmitAsync(feeds.Table, entities, cancellationToken);
    }

    /// <summary>The grain states of this service (a row the provider cleared rather than deleted holds no state).</summary>
    private async IAsyncEnumerable<TableEntity> GrainRows([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = partitionPrefix;
        var to = from[..^1] + (char)(from[^1] + 1);
        await foreach (var row in grains.QueryAsync<TableEntity>(
            e => e.PartitionKey.CompareTo(from) >= 0 && e.PartitionKey.CompareTo(to) < 0, cancellationToken: cancellationToken))
        {
            if (TableStateFormat.HoldsState(row))
            {
                yield return row;
            }
        }
    }

    /// <summary>The audit table's records and heads, without the store's layout row.</summary>
    private IAsyncEnumerable<TableEntity> AuditRows(CancellationToken cancellationToken) => audit.Table.QueryAsync<TableEntity>(
        e => e.PartitionKey != AzureTablesHubStore.LayoutPartition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);

    /// <summary>
    /// Inserts entities of one partition in order (so a head given last is written last), in transactions of at most
    /// 100 entities and about 2 MB of strings (Azure refuses a transaction over 4 MB; full change rows are 60 KB each).
    /// </summary>
    private static async Task SubmitAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var transaction = new List<TableTransactionAction>();
        var bytes = 0L;
        foreach (var entity in entities)
        {
            var size = entity.Sum(property => property.Value is string text ? 2L * text.Length : 64L);
            if (transaction.Count == MaxTransaction || (transaction.Count > 0 && bytes + size > MaxTransactionBytes))
            {
                await table.SubmitTransactionAsync(transaction, cancellationToken);
                transaction = [];
                bytes = 0;
            }

            transaction.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
            bytes += size;
        }

        if (transaction.Count > 0)
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken);
        }
    }

    /// <summary>Collects one borough's feed rows as the table returns them.</summary>
    private sealed class FeedBuilder(string borough)
    {
        private readonly List<StoredChangeRow> rows = [];
        private readonly List<StoredFeedMarker> markers = [];
        private readonly List<string> expected = [];
        private FeedExtent? extent;

        public string Borough => borough;

        public void Add(TableEntity row)
        {
            var key = row.RowKey;
            if (key == TableChangeFeedStore.HeadRowKey)
            {
                extent = new FeedExtent(row.GetInt64("Oldest") ?? 1, row.GetInt64("Latest") ?? 0);
            }
            else if (key.StartsWith(TableChangeFeedStore.MarkerPrefix, StringComparison.Ordinal))
            {
                var separator = key.LastIndexOf(':');
                markers.Add(new StoredFeedMarker(
                    key[TableChangeFeedStore.MarkerPrefix.Length..separator], Enum.Parse<ChangeStream>(key[(separator + 1)..]), row.GetInt64("Sequence") ?? 0));
            }
            else if (key.StartsWith(TableChangeFeedStore.ExpectedPrefix, StringComparison.Ordinal))
            {
                expected.Add(key[TableChangeFeedStore.ExpectedPrefix.Length..]);
            }
            else if (key.StartsWith(TableChangeFeedStore.ChangePrefix, StringComparison.Ordinal))
            {
                var last = TableChangeFeedStore.Position(key);
                rows.Add(new StoredChangeRow(
                    row.GetInt64("First") ?? last, last, row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                    row.GetString("Changes") ?? throw new InvalidDataException($"Change row {last.ToString(CultureInfo.InvariantCulture)} of a feed has no changes.")));
            }
        }

        public StoredFeed Build() => new(borough, extent, rows, markers, expected);
    }
}
