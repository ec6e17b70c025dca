using System.Globalization;
using PartnershipHub.Domain.CodeLists;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// One row of a statutory return (a CSV line of SSDA903, or an element of the CIN census) with its values by column
/// name, where it came from, what was wrong with it and which columns the mapping used, so that the values the hub
/// does not hold can be counted rather than silently dropped.
/// </summary>
public sealed class SourceRow(string file, int line, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
{
    private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The file's name, e.g. <c>episodes.csv</c>.</summary>
    public string File { get; } = file;

    /// <summary>The line the row starts on (the CSV header is line 1).</summary>
    public int Line { get; } = line;

    /// <summary>What is wrong with the row; a row with problems is not sent.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The value of a column, trimmed; empty when absent.</summary>
    public string Text(string column) => All(column).FirstOrDefault() ?? string.Empty;

    /// <summary>Every non-empty value given for a column (a CIN census element may repeat).</summary>
    public IReadOnlyList<string> All(string column)
    {
        used.Add(column);
        return values.TryGetValue(column, out var found) ? [.. found.Select(v => v.Trim()).Where(v => v.Length > 0)] : [];
    }

    /// <summary>Marks a column as deliberately left out (e.g. a date of birth repeated from the header file).</summary>
    public void Skip(params string[] columns) => used.UnionWith(columns);

    /// <summary>
    /// A date written <c>dd/mm/yyyy</c> (SSDA903) or <c>yyyy-mm-dd</c> (CIN census), as the hub writes it
    /// (<c>yyyy-MM-dd</c>); empty when absent and not required, and a problem when malformed or required and absent.
    /// </summary>
    public string Date(string column, bool required)
    {
        var text = Text(column);
        if (text.Length == 0)
        {
            if (required)
            {
                Problems.Add($"{column} is required.");
            }

            return string.Empty;
        }

        if (DateOnly.TryParseExact(text, ["dd/MM/yyyy", "yyyy-MM-dd", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        Problems.Add($"{column} '{text}' is not a date (dd/mm/yyyy or yyyy-mm-dd).");
        return string.Empty;
    }

    /// <summary>A code of a published list, in upper case; a problem when it is not on the list, or absent and required.</summary>
    public string Code(string column, CodeList list, bool required)
    {
        var code = Text(column).ToUpperInvariant();
        if (code.Length == 0)
        {
            if (required)
            {
                Problems.Add($"{column} is required.");
            }
        }
        else if (!list.IsKnown(code))
        {
            Problems.Add($"{column} '{code}' {list.Expected}");
        }

        return code;
    }

    /// <summary>The columns that hold a value the mapping did not use.</summary>
    public IEnumerable<string> Unused => values.Where(v => !used.Contains(v.Key) && v.Value.Any(x => x.Trim().Length > 0)).Select(v => v.Key);

    /// <summary>Where the row is, as <c>file:line</c>.</summary>
    public override string ToString() => $"{File}:{Line}";
}
