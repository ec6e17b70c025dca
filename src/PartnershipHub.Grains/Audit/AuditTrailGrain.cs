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
    public async Task<AuditRecord> Append(AuditEntry entry) => (await AppendChained(current => ([entry], current.Marks)))[0];

    /// <inheritdoc />
    public async Task AppendFollowUps(string sender, IReadOnlyList<NumberedAuditEntry> entries, bool chainMayBeNew)
    {
        var subject = this.GetPrimaryKeyString();

        // An empty head has no version, so the append inserts it: a chain there after all is a conflict, then read.
        head ??= chainMayBeNew ? new AuditHead(0, AuditChain.Genesis, null) : null;
        foreach (var part in entries.OrderBy(e => e.DeliveryId).Chunk(IAuditStore.MaxRecordsPerAppend))
        {
            await AppendChained(current =>
            {
                var fresh = part.Where(e => e.DeliveryId > current.Marks.Of(subject, sender)).ToList();
                return fresh.Count == 0 ? ([], current.Marks) : ([.. fresh.Select(e => e.Entry)], current.Marks.With(subject, sender, fresh[^1].DeliveryId));
            });
        }
    }

    /// <summary>
    /// Chains the entries <paramref name="next"/> picks from the head onto it and stores them in one append, with the
    /// delivery marks the head is to hold; after a conflict it starts again from the stored head.
    /// </summary>
    private async Task<IReadOnlyList<AuditRecord>> AppendChained(Func<AuditHead, (IReadOnlyList<AuditEntry> Entries, DeliveryMarks Marks)> next)
    {
        var subject = this.GetPrimaryKeyString();
        for (var attempt = 1; ; attempt++)
        {
            head ??= await store.ReadHeadAsync(subject);
            var (entries, marks) = next(head);
            var records = new List<AuditRecord>(entries.Count);
            foreach (var entry in entries)
            {
                var (sequence, hash) = records.Count == 0 ? (head.Sequence, head.Hash) : (records[^1].Sequence, records[^1].Hash);
                records.Add(AuditChain.Next(subject, sequence, hash, entry));
            }

            if (records.Count == 0)
            {
                return records;
            }

            try
            {
                head = await store.AppendAsync(records, head, marks);
                return records;
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
