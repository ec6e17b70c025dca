using System.Diagnostics;
using Xunit;

namespace PartnershipHub.Testing;

/// <summary>
/// A real redis-server (Debian's package, which <c>scripts/test.sh</c> installs) on a free loopback port, keeping
/// nothing on disk: the cluster membership store of the multi-silo tests. Use it as an xunit fixture; it stops the
/// process when disposed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly ProcessOutput output = new();
    private readonly string workFolder = Path.Combine(Path.GetTempPath(), "phub-redis-" + Guid.NewGuid().ToString("N"));
    private Process? process;

    /// <summary>The loopback port Redis listens on.</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>What Redis printed so far, for failure messages.</summary>
    public string Output => output.ToString();

    /// <summary>Starts redis-server and waits until it accepts connections.</summary>
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(workFolder);
        var start = new ProcessStartInfo("redis-server")
        {
            // No snapshots, no append-only file: membership is rebuilt by the silos, and a test leaves nothing behind.
            ArgumentList =
            {
                "--bind", "127.0.0.1", "--port", Port.ToString(), "--save", string.Empty, "--appendonly", "no",
                "--dir", workFolder,
            },
        };
        try
        {
            process = output.Start(start, "redis-server");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed. Run the README's test command (scripts/test.sh), which installs " +
                "Debian's redis-server package when it is missing.", ex);
        }

        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => $"Redis said: {Output}");
    }

    /// <summary>Stops Redis and removes its working folder; a second call does nothing.</summary>
    public async Task DisposeAsync()
    {
        await ProcessOutput.KillAsync(process);
        process?.Dispose();
        process = null;
        if (Directory.Exists(workFolder))
        {
            Directory.Delete(workFolder, recursive: true);
        }
    }
}
