using PartnershipHub.Cli.Import;

namespace PartnershipHub.Cli.Tests.Import;

/// <summary>A temporary folder of made-up return files, mapped as <c>phub import</c> maps it.</summary>
public sealed class ReturnsFolder : IDisposable
{
    /// <summary>The borough the tests import for.</summary>
    public const string Westminster = "E09000033";

    /// <summary>The folder's path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("phub-returns-").FullName;

    /// <summary>Writes one file into the folder.</summary>
    public ReturnsFolder With(string name, string contents)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, name), contents.ReplaceLineEndings("\n"));
        return this;
    }

    /// <summary>Maps the folder with the 2026 returns' reference date.</summary>
    public ImportPlan Map() => StatutoryReturns.Map([Path], Westminster, new DateOnly(2026, 3, 31), new DateOnly(2026, 11, 23));

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
