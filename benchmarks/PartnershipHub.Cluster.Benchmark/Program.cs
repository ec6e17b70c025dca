using PartnershipHub.Testing;

// Child-registration write throughput over gRPC, with one silo and with three, each on a fresh Azurite and Redis on
// loopback. Every registration is a full hub write: identifier index claim, child state, borough roster, audit record.
//   --calls N        measured registrations per configuration (default 1500)
//   --concurrency C  callers in flight at once (default 16)
//   --warmup W       unmeasured registrations first, to load code and grains (default 200)
var calls = Option("--calls", 1500);
var concurrency = Option("--concurrency", 16);
var warmup = Option("--warmup", 200);

Console.WriteLine($"Child registration over gRPC on {Environment.ProcessorCount} cores: {calls} calls, concurrency {concurrency}, after {warmup} warm-up calls.");
foreach (var silos in new[] { 1, 3 })
{
    await using var storage = new AsyncFixture<AzuriteServer>(new AzuriteServer());
    await using var redis = new AsyncFixture<RedisServer>(new RedisServer());
    await Task.WhenAll(storage.StartAsync(), redis.StartAsync());
    await using var cluster = new HubCluster(storage.Value, redis.Value, silos);
    await cluster.StartAsync();
    using var load = new RegistrationLoad(cluster.Silos, callTimeout: TimeSpan.FromSeconds(30));

    await load.RegisterAsync(warmup, concurrency);
    var acknowledgedBefore = load.Acknowledged.Count;
    var failedBefore = load.FailureCount;
    var elapsed = await load.RegisterAsync(calls, concurrency);
    var acknowledged = load.Acknowledged.Count - acknowledgedBefore;

    Console.WriteLine(
        $"{silos} silo{(silos == 1 ? " " : "s")}: {acknowledged} of {calls} registrations acknowledged in {elapsed.TotalSeconds:F1} s " +
        $"= {acknowledged / elapsed.TotalSeconds:F0} writes/s ({load.FailureCount - failedBefore} failed)");
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
}

/// <summary>An xunit fixture used outside xunit: started and disposed by the benchmark.</summary>
internal sealed class AsyncFixture<T>(T value) : IAsyncDisposable
    where T : Xunit.IAsyncLifetime
{
    /// <summary>The fixture.</summary>
    public T Value { get; } = value;

    /// <summary>Starts the fixture.</summary>
    public Task StartAsync() => Value.InitializeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Value.DisposeAsync();
}
