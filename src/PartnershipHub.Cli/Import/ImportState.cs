using System.Text.Json;

namespace PartnershipHub.Cli.Import;

/// <summary>What the hub answered for one record, as the resume file keeps it.</summary>
/// <param name="Outcome">APPLIED, DUPLICATE or REJECTED.</param>
/// <param name="Reasons">For a rejection, each field and what is wrong with it.</param>
public sealed record StoredOutcome(string Outcome, IReadOnlyList<string> Reasons);

/// <summary>
/// The resume file: the hash of every file imported and the hub's answer for every record acknowledged so far. It
/// is written after each acknowledged batch, so an interrupted import run again sends only what was not
/// acknowledged (the hub takes a record sent twice as a duplicate, so any overlap is harmless). A state kept for
/// other file contents is ignored, and the file is deleted once an import completes.
/// </summary>
public sealed class ImportState
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The files this state is for, with the SHA-256 of their contents.</summary>
    public SortedDictionary<string, string> Files { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The hub's answer for each record acknowledged, by the record's kind, source id and version.</summary>
    public Dictionary<string, StoredOutcome> Outcomes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The state saved for exactly these files, or a fresh one.</summary>
    public static ImportState Load(string path, IReadOnlyDictionary<string, string> files)
    {
        var fresh = new ImportState { Files = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal) };
        if (!File.Exists(path))
        {
            return fresh;
        }

        try
        {
            var saved = JsonSerializer.Deserialize<ImportState>(File.ReadAllText(path), Json);
            return saved is not null && saved.Files.Count == files.Count && saved.Files.All(f => files.TryGetValue(f.Key, out var hash) && hash == f.Value)
                ? saved
                : fresh;
        }
        catch (JsonException)
        {
            // A state file cut short (the machine died while writing it) is no worse than none: resending is harmless.
            return fresh;
        }
    }

    /// <summary>Writes the state to a temporary file and moves it into place, so a crash leaves the old or the new one.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
