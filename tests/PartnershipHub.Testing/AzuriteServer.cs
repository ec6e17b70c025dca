using System.Diagnostics;
using Xunit;

namespace PartnershipHub.Testing;

/// <summary>
/// A real Azurite table service on a free loopback port with its own data folder, started from the copy
/// that <c>scripts/test.sh</c> installs under <c>tools/azurite</c> (pinned by its lock file).
/// Use it as an xunit fixture; it stops the process and removes the folder when disposed.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's published development account; it only ever exists on this loopback emulator.</summary>
    public const string DevAccountName = "devstoreaccount1";

    private const string DevAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ProcessOutput output = new();
    private Process? process;

    /// <summary>
    /// Keeps the tables only in memory instead of in <see cref="DataFolder"/> (default false, as the tests use it).
    /// Azurite persists by re-saving its whole database every few seconds, which holds up its requests for longer
    /// the more rows it has; benchmarks use memory to tell that apart from the hub's own time.
    /// </summary>
    public bool InMemory { get; init; }

    /// <summary>The loopback port the table service listens on.</summary>
    public int Port { get; private set; } = FreePort.Next();

    /// <summary>The folder Azurite keeps its data in (unless in memory); the hub's local data can go under it.</summary>
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "phub-azurite-" + Guid.NewGuid().ToString("N"));

    /// <summary>A connection string for <c>Azure.Data.Tables</c> pointing at this emulator.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccountName};AccountKey={DevAccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{Port}/{DevAccountName};";

    /// <summary>Starts Azurite and waits until it accepts connections.</summary>
    public async Task InitializeAsync()
    {
        var executable = Path.Combine(RepositoryPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {executable}. Run the README's test command (scripts/test.sh), " +
                "which installs it with 'npm ci' in tools/azurite.");
        }

        Directory.CreateDirectory(DataFolder);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(),
                "--skipApiVersionCheck", "--disableProductStyleUrl",
            },
        };
        if (InMemory)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(DataFolder);
        }

        // A port picked as free can be taken by another process before Azurite binds it (tests run in parallel):
        // then Azurite exits, and it is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var printedBefore = Output.Length;
            var portArgument = start.ArgumentList.IndexOf("--tablePort") + 1;
            start.ArgumentList[portArgument] = Port.ToString();
            process = output.Start(start, "Azurite");
            var started = process;
            var listening = FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(60), () => $"Azurite said: {Output}");
            var exited = started.WaitForExitAsync();
            if (await Task.WhenAny(listening, exited) == listening)
            {
                await listening;
                return;
            }

            if (attempt == 3 || !Output[printedBefore..].Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Azurite exited with code {started.ExitCode}. It said:\n{Output}");
            }

            started.Dispose();
            Port = FreePort.Next();
        }
    }

    /// <summary>What Azurite printed so far, for failure messages.</summary>
    public string Output => output.ToString();

    /// <summary>Stops Azurite and removes its data folder; a second call does nothing.</summary>
    public async Task DisposeAsync()
    {
        await ProcessOutput.KillAsync(process);
        process?.Dispose();
        process = null;
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process: the OS temp folder cleans it up later.
        }
    }
}
