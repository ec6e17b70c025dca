using System.Diagnostics;
using PartnershipHub.Testing;

namespace PartnershipHub.Cli.Tests.Commands;

/// <summary>What one run of the built phub printed, and how it ended.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record PhubRun(int ExitCode, string Output, string Error);

/// <summary>Runs the built phub (<c>dotnet phub.dll</c>, as the README defines it) as a process of its own.</summary>
public static class Phub
{
    /// <summary>The built program, of the configuration these tests were built in.</summary>
    public static string Assembly { get; } = Path.Combine(
        RepositoryPaths.Root, "src", "PartnershipHub.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "phub.dll");

    /// <summary>Runs <c>phub <paramref name="words"/></c> with no PHUB_TOKEN unless given, in the repository's folder.</summary>
    public static async Task<PhubRun> Run(string? token, params string[] words)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var word in words)
        {
            start.ArgumentList.Add(word);
        }

        start.Environment.Remove("PHUB_TOKEN");
        if (token is not null)
        {
            start.Environment["PHUB_TOKEN"] = token;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new PhubRun(process.ExitCode, await output, await error);
    }
}
