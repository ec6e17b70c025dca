using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PartnershipHub.Abstractions.Audit;

namespace PartnershipHub.Grains.Audit;

/// <summary>
/// The hash chain that makes an audit trail tamper-evident: each record's hash covers the previous record's hash
/// and every field of the record, so editing, removing or reordering any stored record breaks the chain from
/// that record on.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of a subject's first record.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Builds the record that follows the chain's last record (sequence 0 and <see cref="Genesis"/> for an empty chain).</summary>
    public static AuditRecord Next(string subject, long lastSequence, string lastHash, AuditEntry entry)
    {
        var sequence = lastSequence + 1;
        return new AuditRecord(subject, sequence, entry, lastHash, Hash(subject, sequence, entry, lastHash));
    }

    /// <summary>Checks records read back in sequence order, and that the last is the chain's recorded head.</summary>
    public static AuditChainVerification Verify(IEnumerable<AuditRecord> records, long headSequence, string headHash)
    {
        var previousHash = Genesis;
        long expected = 1;
        foreach (var record in records)
        {
            if (record.Sequence != expected)
            {
                return Broken(expected - 1, expected, $"record {expected} is missing (found {record.Sequence} next)");
            }

            if (record.PreviousHash != previousHash)
            {
                return Broken(expected - 1, expected, "its previous-hash does not match the record before it");
            }

            if (Hash(record.Subject, record.Sequence, record.Entry, record.PreviousHash) != record.Hash)
            {
                return Broken(expected - 1, expected, "its contents do not match its hash");
            }

            previousHash = record.Hash;
            expected++;
        }

        var last = expected - 1;
        if (last != headSequence || previousHash != (headSequence == 0 ? Genesis : headHash))
        {
            return Broken(last, last + 1, $"the chain ends at record {last} but its head says {headSequence}");
        }

        return new AuditChainVerification(true, last, null, null);
    }

    private static AuditChainVerification Broken(long checkedCount, long sequence, string problem) =>
        new(false, checkedCount, sequence, $"Audit record {sequence}: {problem}.");

    private static string Hash(string subject, long sequence, AuditEntry e, string previousHash)
    {
        // Length-prefixed fields, so no two different records can share a canonical text.
        var text = new StringBuilder();
        foreach (var field in new[]
        {
            previousHash, subject, sequence.ToString(CultureInfo.InvariantCulture), e.Action, e.Organisation, e.Role,
            e.UserId, e.Purpose, e.CaseReference ?? "\0", e.Outcome, e.Detail,
            e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
