namespace PartnershipHub.Abstractions.Audit;

/// <summary>
/// The append-only, hash-chained audit trail of one subject (a child or a borough), keyed by the subject.
/// One grain per subject serialises that subject's appends, so each chain has one order and no global bottleneck.
/// </summary>
public interface IAuditTrailGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry; returns it as stored, once durably written.</summary>
    Task<AuditRecord> Append(AuditEntry entry);

    /// <summary>Returns the subject's records in order, from <paramref name="fromSequence"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> Read(long fromSequence, int maxRecords);

    /// <summary>Re-reads the stored chain and checks every hash and link.</summary>
    Task<AuditChainVerification> Verify();
}
