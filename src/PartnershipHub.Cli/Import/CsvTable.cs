using System.Text;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// Reads a CSV file as SSDA903 software writes it: a header line of column names, then one record per line, fields
/// separated by commas and optionally in double quotes (a doubled quote inside is a quote).
/// </summary>
public static class CsvTable
{
    /// <summary>The text's data rows, each with the line it starts on; column names are matched case-insensitively.</summary>
    public static IReadOnlyList<SourceRow> Read(string text, string fileName)
    {
        var records = Records(text).ToList();
        if (records.Count == 0)
        {
            return [];
        }

        var header = records[0].Fields.Select(f => f.Trim().ToUpperInvariant()).ToList();
        return [.. records.Skip(1)
            .Where(r => r.Fields.Any(f => f.Trim().Length > 0))
            .Select(r => new SourceRow(fileName, r.Line, header
                .Select((column, i) => (column, value: i < r.Fields.Count ? r.Fields[i] : string.Empty))
                .Where(c => c.column.Length > 0)
                .GroupBy(c => c.column, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(c => c.value)], StringComparer.OrdinalIgnoreCase)))];
    }

    /// <summary>Splits the text into records of fields, with the line each record starts on.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Records(string text)
    {
        var line = 1;
        var start = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return (start, fields);
                fields = [];
                start = ++line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
