using Microsoft.Data.Sqlite;

namespace PartnershipHub.Testing;

/// <summary>
/// Reaches into a hub's SQLite file behind its back, as an attacker with the file or a disk fault would: for tests
/// that tamper with stored rows and check the hub notices.
/// </summary>
public static class HubDatabase
{
    /// <summary>Runs a statement on the database; the number of rows it changed.</summary>
    public static int Execute(string database, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open(database);
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Reads rows of the database, each as its column values by name.</summary>
    public static List<Dictionary<string, object?>> Query(string database, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open(database);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    /// <summary>The action and outcome of each record in the audit trail of <paramref name="subject"/>, in order.</summary>
    public static List<(string Action, string Outcome)> Trail(string database, string subject) =>
        [.. Query(database, "SELECT action, outcome FROM audit_record WHERE subject = $s ORDER BY sequence", ("$s", subject))
            .Select(row => ((string)row["action"]!, (string)row["outcome"]!))];

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
