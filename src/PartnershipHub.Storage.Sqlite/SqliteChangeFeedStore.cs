using Microsoft.Data.Sqlite;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>
/// Boroughs' change feeds in the embedded store: a head row per borough (guarded by its version), change rows keyed
/// <c>UNIQUE(borough, last)</c>, markers and expectations. A commit's rows, markers, cleared expectations and the
/// head's move are one savepoint of a group commit: all or nothing.
/// </summary>
public sealed class SqliteChangeFeedStore(SqliteHubDatabase database) : IChangeFeedStore
{
    /// <inheritdoc />
    public Task<(FeedExtent Extent, string? Version)> ReadHeadAsync(string borough) => Task.FromResult(database.Read(connection =>
    {
        using var command = Query(connection, "SELECT oldest, latest, version FROM feed_head WHERE borough = $borough", borough);
        using var row = command.ExecuteReader();
        return row.Read() ? (new FeedExtent(row.GetInt64(0), row.GetInt64(1)), row.GetString(2)) : (new FeedExtent(1, 0), (string?)null);
    }));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReadExpectedAsync(string borough) => Task.FromResult<IReadOnlyList<string>>(database.Read(connection =>
    {
        using var command = Query(connection, "SELECT child_id FROM feed_expected WHERE borough = $borough ORDER BY child_id", borough);
        using var row = command.ExecuteReader();
        var children = new List<string>();
        while (row.Read())
        {
            children.Add(row.GetString(0));
        }

        return children;
    }));

    /// <inheritdoc />
    public Task ExpectAsync(string borough, IReadOnlyCollection<string> childIds) => database.WriteAsync(write =>
    {
        foreach (var childId in childIds)
        {
            Expect(write, borough, childId);
        }

        return childIds.Count;
    });

    /// <inheritdoc />
    public Task<long> ReadMarkerAsync(string borough, string childId, ChangeStream stream) => Task.FromResult(database.Read(connection =>
    {
        using var command = Query(connection, "SELECT sequence FROM feed_marker WHERE borough = $borough AND child_id = $child AND stream = $stream", borough);
        command.Parameters.AddWithValue("$child", childId);
        command.Parameters.AddWithValue("$stream", stream.ToString());
        return command.ExecuteScalar() is long sequence ? sequence : 0;
    }));

    /// <inheritdoc />
    public Task<string> CommitAsync(
        string borough, FeedExtent extent, string? headVersion, IReadOnlyList<ChangeRow> rows,
        IReadOnlyDictionary<(string ChildId, ChangeStream Stream), long> markers, IReadOnlyCollection<string> clearExpected,
        IReadOnlySet<(string ChildId, ChangeStream Stream)>? newMarkers = null) =>
        database.WriteAsync(write =>
        {
            var version = MoveHead(write, borough, extent, headVersion);
            foreach (var row in rows)
            {
                InsertRow(write, borough, new StoredChangeRow(row.First, row.Last, row.At, ChangeFeedFormat.Join(row)));
            }

            foreach (var ((childId, stream), sequence) in markers)
            {
                var marker = new StoredFeedMarker(childId, stream, sequence);
                if (newMarkers?.Contains((childId, stream)) != true)
                {
                    SetMarker(write, borough, marker);
                }
                else if (!AddMarker(write, borough, marker))
                {
                    throw new StoreConflictException($"The feed already holds a marker of a child's {stream} stream that was said to be new.");
                }
            }

            foreach (var childId in clearExpected)
            {
                write.Execute("DELETE FROM feed_expected WHERE borough = $borough AND child_id = $child", ("$borough", borough), ("$child", childId));
            }

            return version;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<(long Last, DateTimeOffset At)>> ReadOldestRowsAsync(string borough, int max) =>
        Task.FromResult<IReadOnlyList<(long, DateTimeOffset)>>(database.Read(connection =>
        {
            using var command = Query(connection, "SELECT last, at FROM feed_change WHERE borough = $borough ORDER BY last LIMIT $max", borough);
            command.Parameters.AddWithValue("$max", max);
            using var row = command.ExecuteReader();
            var rows = new List<(long, DateTimeOffset)>();
            while (row.Read())
            {
                rows.Add((row.GetInt64(0), new DateTimeOffset(row.GetInt64(1), TimeSpan.Zero)));
            }

            return rows;
        }));

    /// <inheritdoc />
    public Task<string> RemoveOldestAsync(string borough, FeedExtent extent, string headVersion, IReadOnlyList<long> rowsLast) =>
        database.WriteAsync(write =>
        {
            var version = MoveHead(write, borough, extent with { Oldest = rowsLast[^1] + 1 }, headVersion);
            foreach (var last in rowsLast)
            {
                write.Execute("DELETE FROM feed_change WHERE borough = $borough AND last = $last", ("$borough", borough), ("$last", last));
            }

            return version;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<FeedEntry>> ReadAfterAsync(string borough, long position, int max) =>
        Task.FromResult<IReadOnlyList<FeedEntry>>(database.Read(connection =>
        {
            // Each row holds at least one change, so max rows from the one holding position + 1 are enough.
            using var command = Query(connection, "SELECT first, changes FROM feed_change WHERE borough = $borough AND last > $position ORDER BY last LIMIT $max", borough);
            command.Parameters.AddWithValue("$position", position);
            command.Parameters.AddWithValue("$max", max);
            using var row = command.ExecuteReader();
            var entries = new List<FeedEntry>();
            while (entries.Count < max && row.Read())
            {
                entries.AddRange(ChangeFeedFormat.Entries(row.GetInt64(0), row.GetString(1)).Where(e => e.Position > position));
            }

            return entries;
        }));

    /// <summary>Records that the feed expects changes from a child.</summary>
    internal static int Expect(SqliteWrite write, string borough, string childId) => write.Execute(
        "INSERT INTO feed_expected(borough, child_id) VALUES($borough, $child) ON CONFLICT DO NOTHING",
        ("$borough", borough), ("$child", childId));

    /// <summary>Inserts a change row.</summary>
    internal static void InsertRow(SqliteWrite write, string borough, StoredChangeRow row) => write.Execute(
        "INSERT INTO feed_change(borough, last, first, at, changes) VALUES($borough, $last, $first, $at, $changes)",
        ("$borough", borough), ("$last", row.Last), ("$first", row.First), ("$at", row.At.UtcTicks), ("$changes", row.Changes));

    /// <summary>Sets the last sequence of a child's stream that the feed holds.</summary>
    internal static void SetMarker(SqliteWrite write, string borough, StoredFeedMarker marker) => write.Execute(
        "INSERT INTO feed_marker(borough, child_id, stream, sequence) VALUES($borough, $child, $stream, $sequence) " +
        "ON CONFLICT(borough, child_id, stream) DO UPDATE SET sequence = excluded.sequence",
        ("$borough", borough), ("$child", marker.ChildId), ("$stream", marker.Stream.ToString()), ("$sequence", marker.Sequence));

    /// <summary>Adds a marker that is not stored yet; false (nothing written) when one is.</summary>
    private static bool AddMarker(SqliteWrite write, string borough, StoredFeedMarker marker) => write.Execute(
        "INSERT INTO feed_marker(borough, child_id, stream, sequence) VALUES($borough, $child, $stream, $sequence) ON CONFLICT DO NOTHING",
        ("$borough", borough), ("$child", marker.ChildId), ("$stream", marker.Stream.ToString()), ("$sequence", marker.Sequence)) == 1;

    /// <summary>Moves the head to <paramref name="extent"/> if it is still at <paramref name="expected"/>; its new version.</summary>
    internal static string MoveHead(SqliteWrite write, string borough, FeedExtent extent, string? expected)
    {
        var version = Guid.NewGuid().ToString("N");
        var moved = expected is null
            ? write.Execute(
                "INSERT INTO feed_head(borough, oldest, latest, version) VALUES($borough, $oldest, $latest, $version) ON CONFLICT DO NOTHING",
                ("$borough", borough), ("$oldest", extent.Oldest), ("$latest", extent.Latest), ("$version", version))
            : write.Execute(
                "UPDATE feed_head SET oldest = $oldest, latest = $latest, version = $version WHERE borough = $borough AND version = $expected",
                ("$borough", borough), ("$oldest", extent.Oldest), ("$latest", extent.Latest), ("$version", version), ("$expected", expected));
        return moved == 1 ? version : throw new StoreConflictException("The change feed's head moved since it was read.");
    }

    private static SqliteCommand Query(SqliteConnection connection, string sql, string borough)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$borough", borough);
        return command;
    }
}
