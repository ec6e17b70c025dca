using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// Child-registration write throughput over gRPC with one silo and with three, each on a fresh Azurite and Redis on
/// loopback. Every registration is a full hub write: identifier index claim, child state, borough roster, audit record.
/// </summary>
public static class ClusterWritesBenchmark
{
    /// <summary>The options it takes.</summary>
    public const string Usage = "[--calls 1500] [--concurrency 16] [--warmup 200]";

    /// <summary>Measures one silo, then three, and prints a line for each.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var calls = arguments.PositiveInt("calls", 1500);
        var concurrency = arguments.PositiveInt("concurrency", 16);
        var warmup = arguments.PositiveInt("warmup", 200);
        arguments.RejectUnknown();

        Console.WriteLine($"Child registration over gRPC on {Environment.ProcessorCount} cores: {calls} calls, concurrency {concurrency}, after {warmup} warm-up calls.");
        var failures = 0;
        foreach (var silos in new[] { 1, 3 })
        {
            var storage = new AzuriteServer();
            var redis = new RedisServer();
            try
            {
                await Task.WhenAll(storage.InitializeAsync(), redis.InitializeAsync());
                await using var cluster = new HubCluster(storage, redis, silos);
                await cluster.StartAsync();
                using var load = new RegistrationLoad(cluster.Silos, callTimeout: TimeSpan.FromSeconds(30));

                await load.RegisterAsync(warmup, concurrency);
                var acknowledgedBefore = load.Acknowledged.Count;
                var failedBefore = load.FailureCount;
                var elapsed = await load.RegisterAsync(calls, concurrency);
                var acknowledged = load.Acknowledged.Count - acknowledgedBefore;
                failures += load.FailureCount - failedBefore;

                Console.WriteLine(
                    $"{silos} silo{(silos == 1 ? " " : "s")}: {acknowledged} of {calls} registrations acknowledged in {elapsed.TotalSeconds:F1} s " +
                    $"= {acknowledged / elapsed.TotalSeconds:F0} writes/s ({load.FailureCount - failedBefore} failed)");
            }
            finally
            {
                await redis.DisposeAsync();
                await storage.DisposeAsync();
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
