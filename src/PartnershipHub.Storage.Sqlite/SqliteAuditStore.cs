using System.Globalization;
using Microsoft.Data.Sqlite;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>
/// Audit trails in the embedded store: one row per record, <c>UNIQUE(subject, sequence)</c>, so a second writer
/// appending the same sequence fails instead of forking the chain. The head (last sequence and hash) moves in the
/// same transaction, so removing the newest records is still detected by verification.
/// </summary>
public sealed class SqliteAuditStore(SqliteHubDatabase database) : IAuditStore
{
    /// <inheritdoc />
    public Task<AuditHead> ReadHeadAsync(string subject) => Task.FromResult(database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, hash, delivered, senders FROM audit_head WHERE subject = $subject";
        command.Parameters.AddWithValue("$subject", subject);
        using var row = command.ExecuteReader();
        return row.Read()
            ? new AuditHead(row.GetInt64(0), row.GetString(1), row.GetInt64(0).ToString(CultureInfo.InvariantCulture), DeliveryMarks.Read(row.GetInt64(2), row.IsDBNull(3) ? null : row.GetString(3)))
            : new AuditHead(0, AuditChain.Genesis, null);
    }));

    /// <inheritdoc />
    public Task<AuditHead> AppendAsync(IReadOnlyList<AuditRecord> records, AuditHead head, DeliveryMarks marks) => database.WriteAsync(write =>
    {
        foreach (var record in records)
        {
            try
            {
                Insert(write, record);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteErrors.Constraint)
            {
                throw new StoreConflictException($"Audit record {record.Sequence} was appended by another writer.", ex);
            }
        }

        var last = records[^1];
        MoveHead(write, last, marks);
        return new AuditHead(last.Sequence, last.Hash, last.Sequence.ToString(CultureInfo.InvariantCulture), marks);
    });

    /// <summary>Inserts one record; a record of that subject and sequence already stored fails the constraint.</summary>
    internal static void Insert(SqliteWrite write, AuditRecord record)
    {
        var e = record.Entry;
        write.Execute(
            "INSERT INTO audit_record(subject, sequence, action, organisation, role, user_id, purpose, case_reference, outcome, detail, at, previous_hash, hash) " +
            "VALUES($subject, $sequence, $action, $organisation, $role, $user, $purpose, $case, $outcome, $detail, $at, $previous, $hash)",
            ("$subject", record.Subject), ("$sequence", record.Sequence), ("$action", e.Action), ("$organisation", e.Organisation),
            ("$role", e.Role), ("$user", e.UserId), ("$purpose", e.Purpose), ("$case", e.CaseReference), ("$outcome", e.Outcome),
            ("$detail", e.Detail), ("$at", e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ("$previous", record.PreviousHash), ("$hash", record.Hash));
    }

    /// <summary>
    /// Makes <paramref name="record"/> the head of its chain, with the delivery marks it has taken: the subject's own
    /// grain's in <c>delivered</c>, the other senders' in <c>senders</c> (a JSON object, null for none). The records
    /// inserted in the same transaction guard the head (a stale head's next sequence is taken), so the marks replace those stored.
    /// </summary>
    internal static void MoveHead(SqliteWrite write, AuditRecord record, DeliveryMarks marks) => write.Execute(
        "INSERT INTO audit_head(subject, sequence, hash, delivered, senders) VALUES($subject, $sequence, $hash, $delivered, $senders) " +
        "ON CONFLICT(subject) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash, delivered = excluded.delivered, senders = excluded.senders",
        ("$subject", record.Subject), ("$sequence", record.Sequence), ("$hash", record.Hash), ("$delivered", marks.Own), ("$senders", marks.OthersText()));

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(string subject, long fromSequence, int? maxRecords = null)
    {
        // Pages of 1,000, each on a pooled connection held only while the page is read.
        var next = fromSequence;
        var left = maxRecords ?? int.MaxValue;
        while (left > 0)
        {
            var page = database.Read(connection => ReadPage(connection, subject, next, Math.Min(left, 1000)));
            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < Math.Min(left, 1000))
            {
                yield break;
            }

            left -= page.Count;
            next = page[^1].Sequence + 1;
            await Task.Yield();
        }
    }

    private static List<AuditRecord> ReadPage(SqliteConnection connection, string subject, long from, int max)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence, action, organisation, role, user_id, purpose, case_reference, outcome, detail, at, previous_hash, hash " +
            "FROM audit_record WHERE subject = $subject AND sequence >= $from ORDER BY sequence LIMIT $max";
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$max", max);
        using var row = command.ExecuteReader();
        var records = new List<AuditRecord>();
        while (row.Read())
        {
            records.Add(new AuditRecord(
                subject,
                row.GetInt64(0),
                new AuditEntry(
                    row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5),
                    row.IsDBNull(6) ? null : row.GetString(6), row.GetString(7), row.GetString(8),
                    DateTimeOffset.TryParse(row.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue),
                row.GetString(10),
                row.GetString(11)));
        }

        return records;
    }
}
