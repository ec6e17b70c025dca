namespace PartnershipHub.Abstractions.Audit;

/// <summary>
/// The append-only, hash-chained audit trail of one subject (a child or a borough), keyed by the subject.
/// One grain per subject serialises that subject's appends, so each chain has one order and no global bottleneck.
/// </summary>
public interface IAuditTrailGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry; returns it as stored, once durably written.</summary>
    Task<AuditRecord> Append(AuditEntry entry);

    /// <summary>
    /// Appends the entries that follow stored changes of <paramref name="sender"/> (the audit subject of the grain that
    /// made them: the subject's own grain, or a foster household, an adopter or another child writing about this
    /// subject), each sender's with growing delivery ids: those the chain has taken from that sender before (an id at
    /// or below the head's mark for it) are skipped, so an entry sent again after a crash is in the chain once. Returns
    /// once every entry is durably in the chain. <paramref name="chainMayBeNew"/> (the subject was only just created)
    /// lets a trail that does not hold its head start from an empty chain without reading the head: were the chain
    /// there after all, the append conflicts and the head is read.
    /// </summary>
    Task AppendFollowUps(string sender, IReadOnlyList<NumberedAuditEntry> entries, bool chainMayBeNew);

    /// <summary>Returns the subject's records in order, from <paramref name="fromSequence"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> Read(long fromSequence, int maxRecords);

    /// <summary>Re-reads the stored chain and checks every hash and link.</summary>
    Task<AuditChainVerification> Verify();
}
