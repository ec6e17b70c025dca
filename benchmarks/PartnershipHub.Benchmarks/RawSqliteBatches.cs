using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PartnershipHub.Benchmarks;

/// <summary>
/// The raw store's batch rate, the figure the hub's sync is compared with: SQLite alone (no hub, no gRPC, no
/// grains) upserting rows keyed by child, one transaction and one fsync per batch, in WAL with
/// <c>synchronous=FULL</c> as the hub runs its store.
/// </summary>
public static class RawSqliteBatches
{
    /// <summary>The characters of each row's payload (a small care record's size).</summary>
    public const int PayloadCharacters = 300;

    /// <summary>Upserts <paramref name="rows"/> rows of random children of <paramref name="children"/> into a fresh file, <paramref name="batch"/> a transaction.</summary>
    public static (int Rows, TimeSpan Elapsed) Measure(string file, int rows, int batch, int children)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        Run(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE raw(child TEXT NOT NULL, record INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY(child, record))");
        var random = new Random(rows);
        var payload = new string('x', PayloadCharacters);
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < rows; done += batch)
        {
            using var transaction = connection.BeginTransaction();
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT INTO raw(child, record, data) VALUES($child, $record, $data) ON CONFLICT DO UPDATE SET data = excluded.data";
            var child = upsert.Parameters.Add("$child", SqliteType.Text);
            var record = upsert.Parameters.Add("$record", SqliteType.Integer);
            upsert.Parameters.AddWithValue("$data", payload);
            for (var i = done; i < Math.Min(rows, done + batch); i++)
            {
                child.Value = random.Next(children).ToString("x8", CultureInfo.InvariantCulture);
                record.Value = i;
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return (rows, clock.Elapsed);
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
