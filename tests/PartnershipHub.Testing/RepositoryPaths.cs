namespace PartnershipHub.Testing;

/// <summary>Finds files of this repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding PartnershipHub.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnershipHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PartnershipHub.sln not found above {AppContext.BaseDirectory}.");
    }
}
