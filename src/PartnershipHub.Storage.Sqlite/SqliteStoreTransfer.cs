using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>
/// The embedded store's rows for a copy between backends: read in pages on read connections, written through the
/// group-committing writer with the same statements the hub's own stores use. Opening the database takes its lock,
/// so a copy cannot run beside a hub on the same file.
/// </summary>
public sealed class SqliteStoreTransfer(SqliteHubDatabase database) : IStoreTransfer
{
    private const int Page = 1000;

    /// <inheritdoc />
    public string Description => database.Description;

    /// <inheritdoc />
    public IAuditStore Audit { get; } = new SqliteAuditStore(database);

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken) => database.InitialiseAsync(cancellationToken);

    /// <inheritdoc />
    public Task<StoreCounts> CountAsync(CancellationToken cancellationToken) => Task.FromResult(database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM grain_state), (SELECT count(*) FROM audit_head), (SELECT count(*) FROM audit_record),
                   (SELECT count(*) FROM (SELECT borough FROM feed_head UNION SELECT borough FROM feed_change
                                          UNION SELECT borough FROM feed_marker UNION SELECT borough FROM feed_expected)),
                   (SELECT count(*) FROM feed_change), (SELECT count(*) FROM feed_marker), (SELECT count(*) FROM feed_expected)
            """;
        using var row = command.ExecuteReader();
        row.Read();
        return new StoreCounts(row.GetInt64(0), row.GetInt64(1), row.GetInt64(2), row.GetInt64(3), row.GetInt64(4), row.GetInt64(5), row.GetInt64(6));
    }));

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredGrainState> ReadGrainStatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var page = database.Read(connection => Rows(
                connection,
                "SELECT id, grain_type, grain_key, state_name, data FROM grain_state WHERE id > $after ORDER BY id LIMIT $page",
                row => (Id: row.GetInt64(0), State: new StoredGrainState(row.GetString(1), row.GetString(2), row.GetString(3), (byte[])row.GetValue(4))),
                ("$after", after), ("$page", Page)));
            foreach (var (_, state) in page)
            {
                yield return state;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Id;
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    /// <inheritdoc />
    public Task WriteGrainStatesAsync(IReadOnlyList<StoredGrainState> states, CancellationToken cancellationToken) => database.WriteAsync(write =>
    {
        foreach (var state in states)
        {
            write.Execute(
                "INSERT INTO grain_state(grain_type, grain_key, state_name, version, data) VALUES($type, $key, $state, $version, $data)",
                ("$type", state.GrainType), ("$key", state.GrainKey), ("$state", state.StateName), ("$version", Guid.NewGuid().ToString("N")), ("$data", state.Data));
        }

        return states.Count;
    });

    /// <inheritdoc />
    public IAsyncEnumerable<string> ReadAuditSubjectsAsync(CancellationToken cancellationToken) =>
        Keys("SELECT subject FROM audit_head WHERE subject > $after ORDER BY subject LIMIT $page", cancellationToken);

    /// <inheritdoc />
    public Task WriteAuditChainAsync(string subject, IReadOnlyList<AuditRecord> records, DeliveryMarks marks, CancellationToken cancellationToken) => database.WriteAsync(write =>
    {
        foreach (var record in records)
        {
            SqliteAuditStore.Insert(write, record);
        }

        if (records.Count > 0)
        {
            SqliteAuditStore.MoveHead(write, records[^1], marks);
        }

        return records.Count;
    });

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredFeed> ReadFeedsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string boroughs = """
            SELECT borough FROM (SELECT borough FROM feed_head UNION SELECT borough FROM feed_change
                                 UNION SELECT borough FROM feed_marker UNION SELECT borough FROM feed_expected)
            WHERE borough > $after ORDER BY borough LIMIT $page
            """;
        await foreach (var borough in Keys(boroughs, cancellationToken))
        {
            yield return database.Read(connection => new StoredFeed(
                borough,
                Rows(connection, "SELECT oldest, latest FROM feed_head WHERE borough = $borough", row => new FeedExtent(row.GetInt64(0), row.GetInt64(1)), ("$borough", borough))
                    .SingleOrDefault(),
                Rows(
                    connection,
                    "SELECT first, last, at, changes FROM feed_change WHERE borough = $borough ORDER BY last",
                    row => new StoredChangeRow(row.GetInt64(0), row.GetInt64(1), new DateTimeOffset(row.GetInt64(2), TimeSpan.Zero), row.GetString(3)),
                    ("$borough", borough)),
                Rows(
                    connection,
                    "SELECT child_id, stream, sequence FROM feed_marker WHERE borough = $borough ORDER BY child_id, stream",
                    row => new StoredFeedMarker(row.GetString(0), Enum.Parse<ChangeStream>(row.GetString(1)), row.GetInt64(2)),
                    ("$borough", borough)),
                Rows(connection, "SELECT child_id FROM feed_expected WHERE borough = $borough ORDER BY child_id", row => row.GetString(0), ("$borough", borough))));
        }
    }

    /// <inheritdoc />
    public Task WriteFeedAsync(StoredFeed feed, CancellationToken cancellationToken) => database.WriteAsync(write =>
    {
        if (feed.Extent is { } extent)
        {
            SqliteChangeFeedStore.MoveHead(write, feed.Borough, extent, expected: null);
        }

        foreach (var row in feed.Rows)
        {
            SqliteChangeFeedStore.InsertRow(write, feed.Borough, row);
        }

        foreach (var marker in feed.Markers)
        {
            SqliteChangeFeedStore.SetMarker(write, feed.Borough, marker);
        }

        foreach (var childId in feed.Expected)
        {
            SqliteChangeFeedStore.Expect(write, feed.Borough, childId);
        }

        return feed.Rows.Count;
    });

    /// <summary>The values of a one-column key query, paged by <c>$after</c> and <c>$page</c>.</summary>
    private async IAsyncEnumerable<string> Keys(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = string.Empty;
        while (true)
        {
            var page = database.Read(connection => Rows(connection, sql, row => row.GetString(0), ("$after", after), ("$page", Page)));
            foreach (var key in page)
            {
                yield return key;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1];
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var row = command.ExecuteReader();
        var rows = new List<T>();
        while (row.Read())
        {
            rows.Add(read(row));
        }

        return rows;
    }
}
