using PartnershipHub.Abstractions.Audit;

namespace PartnershipHub.Grains.Audit;

/// <summary>
/// Where audit trails are kept: one chain of records per subject, only ever appended to. The hub never updates or
/// deletes a record. Implemented by each storage backend.
/// </summary>
public interface IAuditStore
{
    /// <summary>The most records one append may carry (Azure's entity group transaction, less the head).</summary>
    const int MaxRecordsPerAppend = 99;

    /// <summary>The head of a subject's chain: its last sequence and hash, and the version to append against.</summary>
    Task<AuditHead> ReadHeadAsync(string subject);

    /// <summary>
    /// Appends the records that follow <paramref name="head"/>, in order, and moves the head to the last of them with
    /// <paramref name="delivered"/> as its <see cref="AuditHead.Delivered"/>, all in one transaction. Throws
    /// <see cref="PartnershipHub.Abstractions.StoreConflictException"/>, with nothing written, when the chain moved
    /// since the head was read (another writer appended that sequence).
    /// </summary>
    Task<AuditHead> AppendAsync(IReadOnlyList<AuditRecord> records, AuditHead head, long delivered);

    /// <summary>Appends the one record that follows <paramref name="head"/> (see the list form).</summary>
    Task<AuditHead> AppendAsync(AuditRecord record, AuditHead head) => AppendAsync([record], head, head.Delivered);

    /// <summary>Reads a subject's records in sequence order from <paramref name="fromSequence"/>.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(string subject, long fromSequence, int? maxRecords = null);
}

/// <summary>Where a subject's audit chain ends.</summary>
/// <param name="Sequence">The last record's sequence, 0 for an empty chain.</param>
/// <param name="Hash">The last record's hash.</param>
/// <param name="Version">The backend's version token of the head, null when the chain is empty.</param>
/// <param name="Delivered">
/// The delivery id of the last entry the subject's own grain sent as a follow-up of a stored change (0 for none):
/// it moves with the records, so an entry sent again after a crash is recognised and not appended twice.
/// </param>
public sealed record AuditHead(long Sequence, string Hash, string? Version, long Delivered = 0);
