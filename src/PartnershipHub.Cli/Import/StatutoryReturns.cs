using System.Globalization;

namespace PartnershipHub.Cli.Import;

/// <summary>Reads a folder of statutory returns (SSDA903 and CIN census) into one plan of changes for the hub.</summary>
public static class StatutoryReturns
{
    /// <summary>
    /// Maps every return in <paramref name="folders"/> for <paramref name="borough"/> (whose sync service sends them;
    /// the returns themselves do not name who took part in anything). The reference date (the last day
    /// of the return's year) dates the care leavers' OC3 rows: the CIN census's own, else
    /// <paramref name="referenceDate"/>, else the last 31 March up to <paramref name="today"/>.
    /// </summary>
    public static ImportPlan Map(IReadOnlyList<string> folders, string borough, DateOnly? referenceDate, DateOnly today)
    {
        var plan = new ImportPlan();
        var files = new StatutoryFolder(folders, plan);
        if (files.IsEmpty)
        {
            throw new UsageException($"'{string.Join("', '", folders)}' holds no SSDA903 CSV files ({string.Join(", ", Ssda903Return.FileNames)}) and no CIN census XML file.");
        }

        var censuses = files.CensusFiles.Select(path => (Name: Path.GetFileName(path), Document: CinCensus.Load(files.Census(path), Path.GetFileName(path)))).ToList();
        var yearEnd = referenceDate
            ?? censuses.Select(c => CinCensus.ReferenceDate(c.Document)).FirstOrDefault(d => d is not null)
            ?? LastThirtyFirstOfMarch(today);

        // Children first, from both returns, so that one child in both becomes one record.
        Ssda903Return.ReadHeader(files, plan);
        foreach (var (name, document) in censuses)
        {
            CinCensus.ReadChildren(document, name, plan);
        }

        Ssda903Return.ReadRecords(files, plan, yearEnd);
        foreach (var (name, document) in censuses)
        {
            CinCensus.ReadRecords(document, name, plan);
        }

        return plan;
    }

    /// <summary>Parses <c>--reference-date</c>.</summary>
    public static DateOnly? ParseReferenceDate(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new UsageException("--reference-date must be a date written YYYY-MM-DD, e.g. 2026-03-31.");

    private static DateOnly LastThirtyFirstOfMarch(DateOnly today) =>
        today >= new DateOnly(today.Year, 3, 31) ? new DateOnly(today.Year, 3, 31) : new DateOnly(today.Year - 1, 3, 31);
}
