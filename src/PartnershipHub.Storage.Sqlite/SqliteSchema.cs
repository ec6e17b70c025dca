using Microsoft.Data.Sqlite;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>
/// The tables of the embedded store. Ordinary rowid tables with unique indexes for their keys: a
/// <c>WITHOUT ROWID</c> table of 1 KB rows was measured to bloat the file more than threefold.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int Version = 3;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS hub_meta(name TEXT NOT NULL UNIQUE, value TEXT);
        CREATE TABLE IF NOT EXISTS grain_state(
            id INTEGER PRIMARY KEY, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
            version TEXT NOT NULL, data BLOB NOT NULL, UNIQUE(grain_type, grain_key, state_name));
        CREATE TABLE IF NOT EXISTS audit_record(
            id INTEGER PRIMARY KEY, subject TEXT NOT NULL, sequence INTEGER NOT NULL, action TEXT NOT NULL,
            organisation TEXT NOT NULL, role TEXT NOT NULL, user_id TEXT NOT NULL, purpose TEXT NOT NULL,
            case_reference TEXT, outcome TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL,
            previous_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE(subject, sequence));
        CREATE TABLE IF NOT EXISTS audit_head(subject TEXT NOT NULL UNIQUE, sequence INTEGER NOT NULL, hash TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0,
            senders TEXT);
        CREATE TABLE IF NOT EXISTS feed_head(borough TEXT NOT NULL UNIQUE, oldest INTEGER NOT NULL, latest INTEGER NOT NULL, version TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS feed_change(
            id INTEGER PRIMARY KEY, borough TEXT NOT NULL, last INTEGER NOT NULL, first INTEGER NOT NULL,
            at INTEGER NOT NULL, changes TEXT NOT NULL, UNIQUE(borough, last));
        CREATE TABLE IF NOT EXISTS feed_marker(
            id INTEGER PRIMARY KEY, borough TEXT NOT NULL, child_id TEXT NOT NULL, stream TEXT NOT NULL,
            sequence INTEGER NOT NULL, UNIQUE(borough, child_id, stream));
        CREATE TABLE IF NOT EXISTS feed_expected(id INTEGER PRIMARY KEY, borough TEXT NOT NULL, child_id TEXT NOT NULL, UNIQUE(borough, child_id));
        """;

    /// <summary>Creates the tables if missing and refuses a file written by a newer schema.</summary>
    public static void Create(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = Tables;
            create.ExecuteNonQuery();
        }

        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version";
        var stored = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (stored > Version)
        {
            throw new InvalidOperationException($"The database was written by a newer hub (schema {stored}; this build reads {Version}).");
        }

        if (stored == 1)
        {
            // Schema 1 had no delivery id in the audit head (the head of a chain whose subject's grain sends follow-ups).
            version.CommandText = "ALTER TABLE audit_head ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0";
            version.ExecuteNonQuery();
        }

        if (stored is 1 or 2)
        {
            // Schemas 1 and 2 had no marks of other senders (households, adopters, other children) in the audit head.
            version.CommandText = "ALTER TABLE audit_head ADD COLUMN senders TEXT";
            version.ExecuteNonQuery();
        }

        version.CommandText = $"PRAGMA user_version = {Version}";
        version.ExecuteNonQuery();
        transaction.Commit();
    }
}
