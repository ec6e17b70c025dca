using System.Text;

namespace PartnershipHub.Cli;

/// <summary>A plain-text table with aligned columns, for answers a person reads in a terminal.</summary>
public static class TextTable
{
    /// <summary>
    /// The rows under their headings, each column as wide as its widest cell and two spaces apart; "(none)" under the
    /// headings when there are no rows.
    /// </summary>
    public static string Write(IReadOnlyList<string> headings, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(headings).ToList();
        var widths = headings.Select((_, c) => all.Max(r => r[c].Length)).ToList();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Count - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }

        if (all.Count == 1)
        {
            text.AppendLine("(none)");
        }

        return text.ToString().TrimEnd();
    }
}
