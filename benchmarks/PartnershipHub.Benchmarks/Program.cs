using PartnershipHub.Benchmarks;
using PartnershipHub.Benchmarks.Benchmarks;

// One subcommand per benchmark. Each starts what it measures itself (Azurite, Redis, the hub host) and prints its figures.
var benchmarks = new Dictionary<string, (string Usage, Func<BenchmarkArguments, Task<int>> Run)>(StringComparer.Ordinal)
{
    ["mash-view"] = (MashViewBenchmark.Usage, MashViewBenchmark.RunAsync),
    ["cluster-writes"] = (ClusterWritesBenchmark.Usage, ClusterWritesBenchmark.RunAsync),
    ["sync-push"] = (SyncPushBenchmark.Usage, SyncPushBenchmark.RunAsync),
    ["datasets"] = (DatasetsBenchmark.Usage, DatasetsBenchmark.RunAsync),
    ["borough-load"] = (BoroughLoadBenchmark.Usage, BoroughLoadBenchmark.RunAsync),
    ["store"] = (StoreBenchmark.Usage, StoreBenchmark.RunAsync),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/PartnershipHub.Benchmarks -- <benchmark> [options]");
    foreach (var (name, (usage, _)) in benchmarks)
    {
        Console.Error.WriteLine($"  {name} {usage}");
    }

    return 2;
}

try
{
    return await benchmark.Run(BenchmarkArguments.Parse(args[1..]));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine($"Usage: {args[0]} {benchmark.Usage}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Interrupted; what the benchmark started has been stopped.");
    return 130;
}
