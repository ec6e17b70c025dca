using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// The Azure table store's rows for a copy between backends, in the layouts of <see cref="HubTableGrainStorage"/>,
/// <see cref="TableAuditStore"/> and <see cref="TableChangeFeedStore"/> (their own key and entity builders), read by
/// scanning each table and written as inserts, in entity group transactions of at most 100 rows per partition.
/// Grain states are those of one service id (the hub's <c>Hub:ServiceId</c>); other services' rows in the same table
/// are neither read nor counted.
/// </summary>
public sealed class TableStoreTransfer : IStoreTransfer
{
    private const int MaxTransaction = 100;
    private const long MaxTransactionBytes = 2 * 1024 * 1024;

    private readonly HubTableGrainStorage grains;
    private readonly TableAuditStore audit;
    private readonly TableChangeFeedStore feeds;

    /// <summary>Reads and writes the hub tables <paramref name="names"/> of <paramref name="tables"/> for service <paramref name="serviceId"/>.</summary>
    public TableStoreTransfer(TableServiceClient tables, HubTableNames names, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        grains = new HubTableGrainStorage(
            "copy",
            new HubTableGrainStorageOptions { TableServiceClient = tables, TableName = names.GrainState },
            Options.Create(new ClusterOptions { ServiceId = serviceId }),
            NullLogger<HubTableGrainStorage>.Instance);
        audit = new TableAuditStore(tables.GetTableClient(names.Audit));
        feeds = new TableChangeFeedStore(tables.GetTableClient(names.ChangeFeed));
    }

    /// <inheritdoc />
    public string Description => new AzureTablesHubStore(audit, feeds).Description;

    /// <inheritdoc />
    public IAuditStore Audit => audit;

    /// <inheritdoc />
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await grains.InitializeAsync(cancellationToken);
        await new AzureTablesHubStore(audit, feeds).InitialiseAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        long states = 0, chains = 0, records = 0, rows = 0, markers = 0, expected = 0;
        await foreach (var _ in GrainRows([HubTableGrainStorage.ClearedProperty], cancellationToken))
        {
            states++;
        }

        await foreach (var row in audit.Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            _ = row.RowKey == TableAuditStore.HeadRowKey ? chains++ : records++;
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
        await foreach (var entity in GrainRows(null, cancellationToken))
        {
            var grain = TableKeyEncoding.SplitKey(entity.PartitionKey);
            var state = TableKeyEncoding.SplitKey(entity.RowKey);
            if (grain is not [_, var grainType, var grainKey] || state is not [var stateName])
            {
                throw new InvalidDataException(
                    $"A grain state in table '{grains.TableName}' has a key too long to name its grain (it was shortened with a hash), " +
                    "so it cannot be copied to another backend.");
            }

            yield return new StoredGrainState(grainType, grainKey, stateName, grains.ReadData(entity, grainType, stateName));
        }
    }

    /// <inheritdoc />
    public Task WriteGrainStatesAsync(IReadOnlyList<StoredGrainState> states, CancellationToken cancellationToken) => Parallel.ForEachAsync(
        states,
        new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
        async (state, token) =>
        {
            var (partitionKey, rowKey) = grains.Keys(state.GrainType, state.GrainKey, state.StateName);
            await grains.Table.AddEntityAsync(HubTableGrainStorage.BuildEntity(partitionKey, rowKey, state.Data, cleared: false), token);
        });

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadAuditSubjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var head in audit.Table.QueryAsync<TableEntity>(
            e => e.RowKey == TableAuditStore.HeadRowKey, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return TableAuditStore.Subject(head.PartitionKey);
        }
    }

    /// <inheritdoc />
    public Task WriteAuditChainAsync(string subject, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
        SubmitAsync(
            audit.Table,
            records.Select(record => TableAuditStore.ToEntity(TableAuditStore.Partition(subject), record))
                .Concat(records.Count > 0 ? [TableAuditStore.Head(records[^1])] : []),
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

    private IAsyncEnumerable<TableEntity> GrainRows(IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var from = grains.PartitionPrefix;
        var to = from[..^1] + (char)(from[^1] + 1);
        return Filter(grains.Table.QueryAsync<TableEntity>(
            e => e.PartitionKey.CompareTo(from) >= 0 && e.PartitionKey.CompareTo(to) < 0,
            select: select is null ? null : ["PartitionKey", "RowKey", .. select],
            cancellationToken: cancellationToken));

        // A state cleared by a provider that keeps a marker row instead of deleting it is no state.
        static async IAsyncEnumerable<TableEntity> Filter(IAsyncEnumerable<TableEntity> rows)
        {
            await foreach (var row in rows)
            {
                if (row.GetBoolean(HubTableGrainStorage.ClearedProperty) != true)
                {
                    yield return row;
                }
            }
        }
    }

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
