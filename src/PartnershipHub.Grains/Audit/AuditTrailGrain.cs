using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions;

namespace PartnershipHub.Grains.Audit;

/// <summary>
/// One subject's audit trail. The store is the source of truth: the grain keeps only the head it last wrote, and
/// re-reads it when another writer got there first.
/// </summary>
public sealed class AuditTrailGrain(IAuditStore store) : Grain, IAuditTrailGrain
{
    private AuditHead? head;

    /// <inheritdoc />
    public async Task<AuditRecord> Append(AuditEntry entry)
    {
        var subject = this.GetPrimaryKeyString();
        for (var attempt = 1; ; attempt++)
        {
            head ??= await store.ReadHeadAsync(subject);
            var record = AuditChain.Next(subject, head.Sequence, head.Hash, entry);
            try
            {
                head = await store.AppendAsync(record, head);
                return record;
            }
            catch (StoreConflictException) when (attempt < 5)
            {
                // Another activation appended meanwhile: start again from the stored head.
                head = null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> Read(long fromSequence, int maxRecords)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(this.GetPrimaryKeyString(), Math.Max(1, fromSequence), maxRecords))
        {
            records.Add(record);
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<AuditChainVerification> Verify()
    {
        var subject = this.GetPrimaryKeyString();
        var storedHead = await store.ReadHeadAsync(subject);
        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(subject, 1))
        {
            records.Add(record);
        }

        return AuditChain.Verify(records, storedHead.Sequence, storedHead.Hash);
    }
}
