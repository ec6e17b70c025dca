using System.Collections.Immutable;
using System.Text.Json;
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
    /// <paramref name="marks"/> as its <see cref="AuditHead.Marks"/>, all in one transaction. Throws
    /// <see cref="PartnershipHub.Abstractions.StoreConflictException"/>, with nothing written, when the chain moved
    /// since the head was read (another writer appended that sequence).
    /// </summary>
    Task<AuditHead> AppendAsync(IReadOnlyList<AuditRecord> records, AuditHead head, DeliveryMarks marks);

    /// <summary>Appends the one record that follows <paramref name="head"/>, keeping its marks (see the list form).</summary>
    Task<AuditHead> AppendAsync(AuditRecord record, AuditHead head) => AppendAsync([record], head, head.Marks);

    /// <summary>Reads a subject's records in sequence order from <paramref name="fromSequence"/>.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(string subject, long fromSequence, int? maxRecords = null);
}

/// <summary>Where a subject's audit chain ends.</summary>
/// <param name="Sequence">The last record's sequence, 0 for an empty chain.</param>
/// <param name="Hash">The last record's hash.</param>
/// <param name="Version">The backend's version token of the head, null when the chain is empty.</param>
/// <param name="Marks">The last delivery id the chain took from each grain that sends it entries (none when null).</param>
public sealed record AuditHead(long Sequence, string Hash, string? Version, DeliveryMarks? Marks = null)
{
    /// <summary>
    /// The last delivery id the chain took from each grain that sent it entries as follow-ups of its stored changes:
    /// they move with the records, so an entry sent again after a crash is recognised and not appended twice.
    /// </summary>
    public DeliveryMarks Marks { get; init; } = Marks ?? DeliveryMarks.None;
}

/// <summary>
/// The delivery marks an audit chain's head holds: for each grain that sent the chain entries as follow-ups of its
/// own stored changes, the last delivery id taken from it. Each sender's ids only grow, so an entry at or below its
/// sender's mark was taken before. The subject's own grain (a child's for <c>child/…</c>) has its mark in
/// <see cref="Own"/>; every other sender (a foster household, an adopter, another child) has one entry in
/// <see cref="Others"/>, kept for as long as the chain: one mark for each sender that ever wrote to the subject.
/// </summary>
public sealed record DeliveryMarks
{
    private static readonly JsonSerializerOptions Text = new();

    /// <summary>No marks: a chain that has taken no follow-up.</summary>
    public static DeliveryMarks None { get; } = new(0, ImmutableSortedDictionary<string, long>.Empty);

    /// <summary>Marks with <paramref name="own"/> for the subject's own grain and <paramref name="others"/> for other senders.</summary>
    /// <param name="own">The last delivery id taken from the subject's own grain.</param>
    /// <param name="others">The last delivery id taken from each other sender, by its audit subject.</param>
    public DeliveryMarks(long own, IEnumerable<KeyValuePair<string, long>> others)
    {
        Own = own;
        Others = others.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>The last delivery id taken from the subject's own grain (0 for none).</summary>
    public long Own { get; }

    /// <summary>The last delivery id taken from each other sender, by the sender's audit subject.</summary>
    public ImmutableSortedDictionary<string, long> Others { get; }

    /// <summary>The last delivery id taken from <paramref name="sender"/> by the chain of <paramref name="subject"/> (0 for none).</summary>
    /// <param name="subject">The chain's subject.</param>
    /// <param name="sender">The audit subject of the grain that sends.</param>
    public long Of(string subject, string sender) => sender == subject ? Own : Others.GetValueOrDefault(sender);

    /// <summary>These marks with <paramref name="sender"/>'s moved to <paramref name="delivered"/>.</summary>
    /// <param name="subject">The chain's subject.</param>
    /// <param name="sender">The audit subject of the grain that sent.</param>
    /// <param name="delivered">The delivery id of the last entry taken from it.</param>
    public DeliveryMarks With(string subject, string sender, long delivered) =>
        sender == subject ? new(delivered, Others) : new(Own, Others.SetItem(sender, delivered));

    /// <summary>The other senders' marks as stored text (a JSON object), or null when there are none.</summary>
    public string? OthersText() => Others.Count == 0 ? null : JsonSerializer.Serialize(Others, Text);

    /// <summary>Marks read back from storage: the own mark and the other senders' marks as <see cref="OthersText"/> wrote them.</summary>
    /// <param name="own">The stored own mark.</param>
    /// <param name="othersText">The stored text of the other senders' marks, or null.</param>
    public static DeliveryMarks Read(long own, string? othersText) =>
        new(own, string.IsNullOrEmpty(othersText) ? [] : JsonSerializer.Deserialize<Dictionary<string, long>>(othersText, Text) ?? []);

    /// <inheritdoc />
    public bool Equals(DeliveryMarks? other) => other is not null && Own == other.Own && Others.SequenceEqual(other.Others);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Own, Others.Count);
}
