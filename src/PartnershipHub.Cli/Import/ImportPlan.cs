using System.Security.Cryptography;
using Google.Protobuf;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Cli.Import;

/// <summary>One change for the hub and the row of the return it came from.</summary>
/// <param name="Change">The sync change record, with its content hash as version.</param>
/// <param name="File">The file it came from.</param>
/// <param name="Line">The line in that file.</param>
public sealed record ImportedChange(ChangeRecord Change, string File, int Line)
{
    /// <summary>The record's identity at this content: kind, source id and version; the resume file keeps these.</summary>
    public string Key => $"{(int)Change.Kind}/{Change.SourceId}@{Change.Version}";

    /// <summary>Where the row is, as <c>file:line</c>.</summary>
    public string Location => $"{File}:{Line}";
}

/// <summary>A row that was not sent, and why.</summary>
/// <param name="File">The file it is in.</param>
/// <param name="Line">Its line.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record ImportProblem(string File, int Line, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

/// <summary>
/// What a folder of statutory returns becomes: the changes to send (children's details first, then care records in
/// an order the hub's rules accept), the rows refused with their reasons, and a count of the values the hub does
/// not hold. Source ids come from the child's id and the row's natural key; versions are a hash of the content, so
/// importing unchanged files again sends the same versions and changes nothing.
/// </summary>
public sealed class ImportPlan
{
    private const int MaxCaseIdLength = 50;

    private readonly List<ImportedChange> care = [];
    private readonly Dictionary<string, ImportedChange> bySourceId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ChildDetails Details, SourceRow Origin)> children = new(StringComparer.Ordinal);

    /// <summary>The rows refused before sending, in the order found.</summary>
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>Values present in the files that the hub does not hold, counted by file and column (or whole file).</summary>
    public SortedDictionary<string, int> NotImported { get; } = new(StringComparer.Ordinal);

    /// <summary>Each file read, with the SHA-256 of its contents (the resume file is keyed by these).</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The changes to send: every child's details first, then the care records, kind by kind.</summary>
    public IReadOnlyList<ImportedChange> Changes =>
    [
        .. children.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Versioned(new ChangeRecord
        {
            SourceId = "CHILD-" + c.Key,
            ChildCaseId = c.Key,
            Child = c.Value.Details,
        }, c.Value.Origin)),
        .. care.OrderBy(c => KindOrder(c.Change.Kind)).ThenBy(c => c.Change.ChildCaseId, StringComparer.Ordinal),
    ];

    /// <summary>Records that a file was read, with the hash of its contents.</summary>
    public void Read(string fileName, byte[] contents) => Files[fileName] = Convert.ToHexStringLower(SHA256.HashData(contents));

    /// <summary>The child's id in the row's column, checked: 1 to 50 printable characters.</summary>
    public static string CaseId(SourceRow row, string column)
    {
        var caseId = row.Text(column);
        if (caseId.Length is 0 or > MaxCaseIdLength || caseId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            row.Problems.Add($"{column} '{caseId}' must be the child's id: 1 to {MaxCaseIdLength} characters without spaces.");
        }

        return caseId;
    }

    /// <summary>
    /// Takes a child's details from a row. The same child in both returns is one record: what one file lacks the other
    /// fills in, and a row that contradicts an earlier one (date of birth, UPN) is refused.
    /// </summary>
    public void AddChild(SourceRow row, string caseId, BirthDate birthDate, string upn)
    {
        if (!Accept(row))
        {
            return;
        }

        if (!children.TryGetValue(caseId, out var held))
        {
            children[caseId] = (new ChildDetails { BirthDate = birthDate, UniquePupilNumber = upn }, row);
            return;
        }

        var details = held.Details;
        if (birthDate.Status != BirthDateStatus.Unknown && details.BirthDate.Status != BirthDateStatus.Unknown && !birthDate.Equals(details.BirthDate))
        {
            Refuse(row, $"the date of birth {birthDate.Date} differs from {details.BirthDate.Date} in {held.Origin} for the same child.");
        }
        else if (upn.Length > 0 && details.UniquePupilNumber.Length > 0 && upn != details.UniquePupilNumber)
        {
            Refuse(row, $"the UPN differs from the one in {held.Origin} for the same child.");
        }
        else
        {
            details.BirthDate = details.BirthDate.Status == BirthDateStatus.Unknown ? birthDate : details.BirthDate;
            details.UniquePupilNumber = details.UniquePupilNumber.Length > 0 ? details.UniquePupilNumber : upn;
        }
    }

    /// <summary>The date of birth held for a child so far (SSDA903's header), or null.</summary>
    public string? BirthDateOf(string caseId) =>
        children.TryGetValue(caseId, out var held) && held.Details.BirthDate.Status == BirthDateStatus.Known ? held.Details.BirthDate.Date : null;

    /// <summary>
    /// Takes a care record from a row, unless the row has problems. The same record from two rows (e.g. the decision
    /// to place for adoption in both AD1 and PlacedAdoption) is kept once; two rows saying different things about
    /// the same record keep the first and refuse the second.
    /// </summary>
    public void AddCare(SourceRow row, string sourceId, CareRecordKind kind, string caseId, CareRecordBody body, bool tally = true)
    {
        if (!Accept(row, tally))
        {
            return;
        }

        var change = Versioned(new ChangeRecord { SourceId = sourceId, Kind = kind, ChildCaseId = caseId, CareRecord = body }, row);
        var identity = $"{(int)kind}/{sourceId}";
        if (bySourceId.TryGetValue(identity, out var earlier))
        {
            if (earlier.Change.Version != change.Change.Version)
            {
                Refuse(row, $"says something different about the same record as {earlier.Location}, which is imported.");
            }

            return;
        }

        bySourceId[identity] = change;
        care.Add(change);
    }

    /// <summary>Counts the rows of a file the hub holds nothing of.</summary>
    public void NotImportedFile(string fileName, int rows)
    {
        if (rows > 0)
        {
            NotImported[$"{fileName} (whole file)"] = NotImported.GetValueOrDefault($"{fileName} (whole file)") + rows;
        }
    }

    /// <summary>Counts the values of a row's columns that the mapping did not use.</summary>
    public void Tally(SourceRow row)
    {
        foreach (var column in row.Unused)
        {
            var key = $"{row.File} {column}";
            NotImported[key] = NotImported.GetValueOrDefault(key) + 1;
        }
    }

    private bool Accept(SourceRow row, bool tally = true)
    {
        if (row.Problems.Count > 0)
        {
            // A row that yields several records (AD1, an episode) is reported once.
            Refuse(row, string.Join(" ", row.Problems.Distinct()));
            return false;
        }

        if (tally)
        {
            Tally(row);
        }

        return true;
    }

    private void Refuse(SourceRow row, string reason)
    {
        if (!Problems.Any(p => p.File == row.File && p.Line == row.Line && p.Reason == reason))
        {
            Problems.Add(new ImportProblem(row.File, row.Line, reason));
        }
    }

    /// <summary>The change with its version: the SHA-256 of its content, so the same content always has the same version.</summary>
    private static ImportedChange Versioned(ChangeRecord change, SourceRow origin)
    {
        change.Version = string.Empty;
        change.Version = Convert.ToHexStringLower(SHA256.HashData(change.ToByteArray()));
        return new ImportedChange(change, origin.File, origin.Line);
    }

    /// <summary>
    /// Kinds that other records are checked against go first: episodes before the reviews that must fall in them.
    /// </summary>
    private static int KindOrder(CareRecordKind kind) => kind switch
    {
        CareRecordKind.CareEpisode => 0,
        _ => (int)kind,
    };
}
