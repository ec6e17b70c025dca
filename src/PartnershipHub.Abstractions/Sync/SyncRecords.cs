using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Abstractions.Sync;

/// <summary>One care record as a borough's case system sends it, already read and checked on its own.</summary>
/// <param name="SourceId">The borough's own id for the record.</param>
/// <param name="Version">The borough's version or content hash: the same version sent again is a duplicate.</param>
/// <param name="Kind">The kind of record (needed for a purge, which carries no content).</param>
/// <param name="Record">The content; null for a purge.</param>
[GenerateSerializer, Alias("SyncedCareRecord")]
public sealed record SyncedCareRecord(
    [property: Id(0)] string SourceId,
    [property: Id(1)] string Version,
    [property: Id(2)] CareRecordKind Kind,
    [property: Id(3)] CareRecord? Record);

/// <summary>What became of one synced record.</summary>
[GenerateSerializer]
public enum SyncStatus
{
    /// <summary>Stored: entered, corrected or (for a purge) withdrawn.</summary>
    Applied = 0,

    /// <summary>Already stored at this version (or already purged); nothing changed.</summary>
    Duplicate = 1,

    /// <summary>Refused; the reasons say why. Nothing changed.</summary>
    Rejected = 2,

    /// <summary>
    /// Not known to be stored: the hub did not finish it within the batch's time (or a part of the hub failed). Send
    /// it again; if it had been stored meanwhile it comes back as a duplicate.
    /// </summary>
    Resend = 3,
}

/// <summary>What became of one synced record, and why.</summary>
/// <param name="SourceId">The borough's id for the record.</param>
/// <param name="Status">Applied, duplicate or rejected.</param>
/// <param name="RecordId">The hub's id for the record, when it has one.</param>
/// <param name="Violations">Why it was rejected, field by field.</param>
[GenerateSerializer, Alias("SyncOutcome")]
public sealed record SyncOutcome(
    [property: Id(0)] string SourceId,
    [property: Id(1)] SyncStatus Status,
    [property: Id(2)] string? RecordId,
    [property: Id(3)] IReadOnlyList<FieldViolation> Violations)
{
    /// <summary>A refusal for one reason.</summary>
    public static SyncOutcome Rejected(string sourceId, string field, string reason) =>
        new(sourceId, SyncStatus.Rejected, null, [new FieldViolation(field, reason)]);

    /// <summary>A record to send again, with why (the field is the record's source_id).</summary>
    public static SyncOutcome Resend(string sourceId, string reason) =>
        new(sourceId, SyncStatus.Resend, null, [new FieldViolation("source_id", reason)]);
}

/// <summary>How synced records' outcomes are told in an audit record.</summary>
public static class SyncOutcomes
{
    /// <summary>How many were applied, duplicate, rejected and resent, and the borough's ids of the records.</summary>
    public static string Describe(IReadOnlyList<SyncOutcome> outcomes) =>
        string.Join(", ", Enum.GetValues<SyncStatus>().Select(s => $"{outcomes.Count(o => o.Status == s)} {s.ToString().ToLowerInvariant()}"))
        + $" (source records {string.Join(' ', outcomes.Select(o => o.SourceId))})";
}
