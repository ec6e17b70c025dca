using System.Text;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// A folder holding a borough's statutory returns: the SSDA903 CSV files, found by their usual names in any case,
/// and the CIN census XML files. Each file is read once, and its hash recorded in the plan.
/// </summary>
public sealed class StatutoryFolder
{
    private readonly Dictionary<string, string> csvFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<SourceRow>> read = new(StringComparer.Ordinal);
    private readonly ImportPlan plan;

    /// <summary>Finds the returns' files in the folders (not in sub-folders); each SSDA903 file may be in one of them only.</summary>
    public StatutoryFolder(IEnumerable<string> folders, ImportPlan plan)
    {
        this.plan = plan;
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"There is no folder '{folder}'.");
            }

            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                Add(file);
            }
        }
    }

    private void Add(string file)
    {
        var name = Path.GetFileName(file).ToLowerInvariant();
        name = name == "placedadoption.csv" ? "placed_adoption.csv" : name;
        if (Ssda903Return.FileNames.Contains(name))
        {
            if (csvFiles.TryGetValue(name, out var other))
            {
                throw new UsageException($"Two {name} files: {other} and {file}; import them one at a time.");
            }

            csvFiles[name] = file;
        }
        else if (name.EndsWith(".xml", StringComparison.Ordinal))
        {
            CensusFiles.Add(file);
        }
    }

    /// <summary>The CIN census XML files found.</summary>
    public List<string> CensusFiles { get; } = [];

    /// <summary>Whether no return's file was found.</summary>
    public bool IsEmpty => csvFiles.Count == 0 && CensusFiles.Count == 0;

    /// <summary>The rows of one SSDA903 file by its usual name, e.g. <c>episodes.csv</c>; none when it is absent.</summary>
    public IReadOnlyList<SourceRow> Csv(string name)
    {
        if (read.TryGetValue(name, out var rows))
        {
            return rows;
        }

        if (!csvFiles.TryGetValue(name, out var path))
        {
            return read[name] = [];
        }

        var contents = File.ReadAllBytes(path);
        plan.Read(Path.GetFileName(path), contents);
        return read[name] = CsvTable.Read(Encoding.UTF8.GetString(contents), Path.GetFileName(path));
    }

    /// <summary>Reads a CIN census file's bytes, recording its hash.</summary>
    public byte[] Census(string path)
    {
        var contents = File.ReadAllBytes(path);
        plan.Read(Path.GetFileName(path), contents);
        return contents;
    }
}
