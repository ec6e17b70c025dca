using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Abstractions;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Stores audit trails in an Azure table: one partition per subject, one row per record (row key: the partition, '~'
/// and the zero-padded sequence) and a head row naming the last record (row key: the partition and <c>~head</c>), so
/// no RowKey is shared between chains (Azurite, and any index on RowKey, would otherwise find thousands of rows for one key). A record and the head move together in one entity group
/// transaction guarded by the head's ETag, so a chain never forks, even if two silos briefly host the same trail.
/// Rows are only ever inserted; the hub has no code path that updates or deletes a record.
/// </summary>
public sealed class TableAuditStore(TableClient table) : IAuditStore
{
    /// <summary>What a chain's head row key ends with, after its partition.</summary>
    internal const string HeadSuffix = "~head";

    /// <summary>The table name the host uses unless configured otherwise.</summary>
    public const string DefaultTableName = "HubAudit";

    /// <summary>The table the trails are kept in.</summary>
    public TableClient Table => table;

    /// <inheritdoc />
    public async Task<AuditHead> ReadHeadAsync(string subject)
    {
        var partition = Partition(subject);
        var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, HeadKey(partition));
        return head.HasValue && head.Value is { } entity
            ? new AuditHead(entity.GetInt64("Sequence") ?? 0, entity.GetString("Hash") ?? AuditChain.Genesis, entity.ETag.ToString(), DeliveryMarks.Read(entity.GetInt64("Delivered") ?? 0, entity.GetString("Senders")))
            : new AuditHead(0, AuditChain.Genesis, null);
    }

    /// <summary>
    /// Appends records and moves the head in one entity group transaction guarded by the head's ETag (at most
    /// <see cref="IAuditStore.MaxRecordsPerAppend"/> records: a transaction holds 100 operations, one is the head).
    /// </summary>
    public async Task<AuditHead> AppendAsync(IReadOnlyList<AuditRecord> records, AuditHead head, DeliveryMarks marks)
    {
        if (records.Count is 0 or > IAuditStore.MaxRecordsPerAppend)
        {
            throw new ArgumentOutOfRangeException(nameof(records), records.Count, $"An append takes 1 to {IAuditStore.MaxRecordsPerAppend} records.");
        }

        var last = records[^1];
        var partition = Partition(last.Subject);
        var headEntity = Head(last, marks);
        TableTransactionAction moveHead = head.Version is { } etag
            ? new(TableTransactionActionType.UpdateReplace, headEntity, new ETag(etag))
            : new(TableTransactionActionType.Add, headEntity);
        try
        {
            var response = await table.SubmitTransactionAsync([.. records.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, r))), moveHead]);
            return new AuditHead(last.Sequence, last.Hash, response.Value[^1].Headers.ETag?.ToString(), marks);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new StoreConflictException($"Audit record {records[0].Sequence} was appended by another writer.", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(string subject, long fromSequence, int? maxRecords = null)
    {
        var partition = Partition(subject);
        var from = RowKey(partition, fromSequence);
        var to = partition + "~:"; // after every record key (digits) and before the head's (~head)
        var count = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0))
        {
            if (maxRecords is { } max && count++ >= max)
            {
                yield break;
            }

            yield return FromEntity(subject, entity);
        }
    }

    /// <summary>The partition of a subject's chain.</summary>
    internal static string Partition(string subject) => subject.Replace('/', ':');

    /// <summary>The subject whose chain is in <paramref name="partition"/>: subjects are <c>kind/id</c>, so the first ':' was the '/'.</summary>
    internal static string Subject(string partition)
    {
        var separator = partition.IndexOf(':', StringComparison.Ordinal);
        return separator < 0 ? partition : string.Concat(partition.AsSpan(0, separator), "/", partition.AsSpan(separator + 1));
    }

    /// <summary>
    /// The head row naming <paramref name="record"/> as the chain's last, with the delivery marks the chain took: the
    /// subject's own grain's in <c>Delivered</c>, the other senders' in <c>Senders</c> (a JSON object, absent for none).
    /// </summary>
    internal static TableEntity Head(AuditRecord record, DeliveryMarks marks)
    {
        var partition = Partition(record.Subject);
        var head = new TableEntity(partition, HeadKey(partition)) { ["Sequence"] = record.Sequence, ["Hash"] = record.Hash, ["Delivered"] = marks.Own };
        if (marks.OthersText() is { } senders)
        {
            head["Senders"] = senders;
        }

        return head;
    }

    /// <summary>The row key of a chain's head.</summary>
    internal static string HeadKey(string partition) => partition + HeadSuffix;

    /// <summary>The row key of record <paramref name="sequence"/> of the chain in <paramref name="partition"/>.</summary>
    internal static string RowKey(string partition, long sequence) => partition + "~" + sequence.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The row of one record.</summary>
    internal static TableEntity ToEntity(string partition, AuditRecord record) => new(partition, RowKey(partition, record.Sequence))
    {
        ["Action"] = record.Entry.Action,
        ["Organisation"] = record.Entry.Organisation,
        ["Role"] = record.Entry.Role,
        ["UserId"] = record.Entry.UserId,
        ["Purpose"] = record.Entry.Purpose,
        ["CaseReference"] = record.Entry.CaseReference,
        ["Outcome"] = record.Entry.Outcome,
        ["Detail"] = record.Entry.Detail,
        ["At"] = record.Entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["PreviousHash"] = record.PreviousHash,
        ["Hash"] = record.Hash,
    };

    private static AuditRecord FromEntity(string subject, TableEntity e) => new(
        subject,
        long.TryParse(e.RowKey.AsSpan(e.RowKey.LastIndexOf('~') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : -1,
        new AuditEntry(
            e.GetString("Action") ?? string.Empty,
            e.GetString("Organisation") ?? string.Empty,
            e.GetString("Role") ?? string.Empty,
            e.GetString("UserId") ?? string.Empty,
            e.GetString("Purpose") ?? string.Empty,
            e.GetString("CaseReference"),
            e.GetString("Outcome") ?? string.Empty,
            e.GetString("Detail") ?? string.Empty,
            DateTimeOffset.TryParse(e.GetString("At"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue),
        e.GetString("PreviousHash") ?? string.Empty,
        e.GetString("Hash") ?? string.Empty);
}
