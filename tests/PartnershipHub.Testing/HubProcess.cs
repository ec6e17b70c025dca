using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace PartnershipHub.Testing;

/// <summary>
/// The real hub host (src/PartnershipHub.Host, built in the same configuration as the tests) run as a child
/// process on free loopback ports, on its embedded SQLite store in its data folder (the default users run) or on a
/// given Azure table store. It can be stopped and started again on the same data, as an operator would restart it.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly string? connectionString;
    private readonly ProcessOutput output = new();
    private Process? process;

    /// <summary>Prepares a hub on its embedded SQLite store, <c>hub.db</c> in <paramref name="dataFolder"/>.</summary>
    public HubProcess(string dataFolder)
    {
        DataFolder = dataFolder;
        GrainStateTable = "HubGrainState";
    }

    /// <summary>Prepares a hub on the Azure table store of <paramref name="connectionString"/> (Azurite), keeping its keys in <paramref name="dataFolder"/>.</summary>
    public HubProcess(string connectionString, string dataFolder, string? grainStateTable = null)
        : this(dataFolder)
    {
        this.connectionString = connectionString;
        GrainStateTable = grainStateTable ?? GrainStateTable;
    }

    /// <summary>The hub's local data folder (token signing key, identifier index secret, and the SQLite store).</summary>
    public string DataFolder { get; }

    /// <summary>The SQLite database of a hub on the embedded store.</summary>
    public string Database => Path.Combine(DataFolder, "hub.db");

    /// <summary>The table the hub keeps grain state in, on the Azure table store.</summary>
    public string GrainStateTable { get; }

    /// <summary>
    /// Further host settings as configuration keys in environment-variable form (<c>Clustering__Provider</c>), applied
    /// on every start after the defaults above, so they may also override them.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>The gRPC port of the current run.</summary>
    public int GrpcPort { get; private set; }

    /// <summary>The Orleans silo-to-silo port of the current run, as cluster membership names the silo.</summary>
    public int SiloPort { get; private set; }

    /// <summary>
    /// Whether the hub opens an Orleans gateway (on a free port each run). Off by default, as in the hub itself; a
    /// hub with a gateway also needs the cluster certificate in its <see cref="Settings"/> (<c>ClusterTls__*</c>).
    /// </summary>
    public bool OpensGateway { get; set; }

    /// <summary>The port where Orleans clients reach the silo in the current run; 0 when it has no gateway.</summary>
    public int GatewayPort { get; private set; }

    /// <summary>
    /// The authority that issued the hub's gRPC certificate, when the hub serves TLS (<c>Tls__*</c> in
    /// <see cref="Settings"/>): channels then use https and trust this authority alone.
    /// </summary>
    public X509Certificate2? TrustedAuthority { get; set; }

    /// <summary>The certificate channels present to a hub that asks for client certificates; none unless set.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Whether the hub serves the board's performance pack (<c>Hub:WebPort</c>) on a port of its own; false by default.</summary>
    public bool ServesWebPage { get; set; }

    /// <summary>The performance pack's port in the current run; 0 when the hub serves no web page.</summary>
    public int WebPort { get; private set; }

    /// <summary>The hub's address for a gRPC channel.</summary>
    public string Address => $"{(TrustedAuthority is null ? "http" : "https")}://127.0.0.1:{GrpcPort}";

    /// <summary>The host's process id in the current run, null when it is not running.</summary>
    public int? ProcessId => process?.Id;

    /// <summary>Everything the host has printed, for failure messages and for checking that logs hold no personal data.</summary>
    public string Output => output.ToString();

    /// <summary>The processor time the hub process has used so far (Linux: from /proc), for measurements.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var fields = File.ReadAllText($"/proc/{process!.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    /// <summary>
    /// Starts the host and waits until its gRPC health service says SERVING. A port picked as free can be taken by
    /// another process before the host binds it (tests run in parallel); then the host is started again on other ports.
    /// </summary>
    public async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var printedBefore = output.ToString().Length;
            try
            {
                await StartOnFreePortsAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && output.ToString()[printedBefore..].Contains("address already in use", StringComparison.Ordinal))
            {
                process?.Dispose();
                process = null;
            }
        }
    }

    private async Task StartOnFreePortsAsync()
    {
        GrpcPort = FreePort.Next();
        SiloPort = FreePort.Next();
        GatewayPort = OpensGateway ? FreePort.Next() : 0;
        WebPort = ServesWebPage ? FreePort.Next() : 0;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { HostAssembly(), "--contentRoot", Path.Combine(RepositoryPaths.Root, "src", "PartnershipHub.Host") },
            Environment =
            {
                ["Hub__GrpcPort"] = GrpcPort.ToString(),
                ["Hub__SiloPort"] = SiloPort.ToString(),
                ["Hub__DataFolder"] = DataFolder,
                ["Logging__LogLevel__Default"] = "Information",
                ["DOTNET_ENVIRONMENT"] = "Production",
            },
        };
        if (ServesWebPage)
        {
            start.Environment["Hub__WebPort"] = WebPort.ToString();
        }

        if (OpensGateway)
        {
            start.Environment["Hub__GatewayPort"] = GatewayPort.ToString();
        }

        if (connectionString is not null)
        {
            start.Environment["Storage__Provider"] = "AzureTables";
            start.Environment["Storage__ConnectionString"] = connectionString;
            start.Environment["Storage__GrainStateTable"] = GrainStateTable;
        }

        foreach (var (key, value) in Settings)
        {
            start.Environment[key] = value;
        }

        process = output.Start(start, "The hub");
        await WaitUntilServingAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Stops the host gracefully (SIGTERM), as an operator would.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            Signal(process.Id, "TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        process = null;
    }

    /// <summary>Ends the host at once with SIGKILL, as a machine failure would: no shutdown, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        await ProcessOutput.KillAsync(process);
        process?.Dispose();
        process = null;
    }

    /// <summary>Call headers carrying a token signed with this hub's local key.</summary>
    public Metadata As(string organisation, string role, string userId = "test-user") =>
        new() { { "authorization", "Bearer " + PartnershipHub.Cli.LocalTokenIssuer.Issue(DataFolder, organisation, role, userId, TimeSpan.FromHours(1)) } };

    /// <summary>A channel to the running hub; over TLS trusting <see cref="TrustedAuthority"/> when it is set.</summary>
    public GrpcChannel Channel()
    {
        if (TrustedAuthority is not { } authority)
        {
            return GrpcChannel.ForAddress(Address);
        }

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && TestCertificates.ChainsTo(certificate, authority);
        if (ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate];
        }

        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var channel = Channel();
        var health = new Health.HealthClient(channel);
        while (true)
        {
            if (process!.HasExited)
            {
                // Waiting again without a timeout lets the last of its output arrive before it is quoted.
                process.WaitForExit();
                throw new InvalidOperationException($"The hub exited with code {process.ExitCode}. It said:\n{Output}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The hub was not SERVING within {timeout}. It said:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Runs one of the host's operator commands (such as <c>copy-store</c>) to its end, with <paramref name="settings"/>
    /// as environment variables; its exit code and everything it printed.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IEnumerable<string> arguments, IDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var command = Process.Start(start)!;
        var printed = Task.WhenAll(command.StandardOutput.ReadToEndAsync(), command.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await command.WaitForExitAsync(timeout.Token);
        var output = await printed;
        return (command.ExitCode, output[0] + output[1]);
    }

    private static string HostAssembly()
    {
        // The tests and the host are built in the same configuration by the same solution build.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, "src", "PartnershipHub.Host", "bin", configuration, "net10.0", "PartnershipHub.Host.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The hub host is not built at {path}; build the solution first.", path);
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString()]);
        kill.WaitForExit();
    }
}
