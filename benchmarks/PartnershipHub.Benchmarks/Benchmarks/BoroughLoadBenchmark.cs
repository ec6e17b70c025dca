using System.Diagnostics;
using Grpc.Core;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// A borough's whole statutory history: the tri-borough's generated children from 2010 to yesterday pushed through
/// sync by the three boroughs at once, each in export order (a child's details, then the child's records), then a
/// day's deltas in interleaved order (every change about a different child), then CheckTotals. Runs against a hub
/// it starts on Azurite, or against a running hub (<c>--hub</c>, with <c>--data-folder</c> holding its signing key)
/// with whatever store that hub is configured with.
/// </summary>
public static class BoroughLoadBenchmark
{
    /// <summary>The options, for the usage text.</summary>
    public const string Usage = "[--children 110000] [--deltas 10000] [--batch 250] [--seed 2010] [--hub URL --data-folder DIR]";

    /// <summary>Generates, loads, applies the deltas and checks the totals; exit code 0 when every record got in and the totals agree.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var children = arguments.PositiveInt("children", 110_000);
        var deltas = arguments.PositiveInt("deltas", 10_000);
        var batch = arguments.PositiveInt("batch", 250);
        var seed = arguments.PositiveInt("seed", 2010);
        var hubAddress = arguments.Text("hub");
        var dataFolder = arguments.Text("data-folder") ?? ".data";
        arguments.RejectUnknown();

        Console.WriteLine($"Generating {children} children of the tri-borough, 2010 to yesterday...");
        var population = new GeneratedPopulation(seed, PopulationShape.History(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        population.Generate(children);
        var records = population.Children.Sum(c => c.Records.Count + 1);

        AzuriteServer? storage = null;
        HubProcess? hub = null;
        try
        {
            if (hubAddress is null)
            {
                Console.WriteLine("Starting Azurite and the hub host on loopback...");
                storage = new AzuriteServer();
                await storage.InitializeAsync();
                hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
                await hub.StartAsync();
                (hubAddress, dataFolder) = (hub.Address, hub.DataFolder);
            }

            Metadata As(string organisation, string role) =>
                new() { { "authorization", "Bearer " + LocalTokenIssuer.Issue(dataFolder, organisation, role, "bench-borough-load", TimeSpan.FromHours(12)) } };
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(hubAddress);
            var sync = new SyncService.SyncServiceClient(channel);

            Console.WriteLine($"Pushing {records} records ({children} children), three boroughs at once, batches of {batch}...");
            var cpuBefore = ProcessCpu.Snapshot();
            var clock = Stopwatch.StartNew();
            var loads = await Task.WhenAll(population.Shape.Boroughs.Select(b => SyncPusher.PushAll(sync, As(b, "borough-sync"), population.PushStream(b), batch)));
            var loadTime = clock.Elapsed;
            var loadCpu = ProcessCpu.Snapshot().Since(cpuBefore);

            var edits = population.Edit(deltas);
            Console.WriteLine($"Pushing a day's {edits.Count} deltas, interleaved, the three boroughs at once...");
            clock.Restart();
            var deltaLoads = await Task.WhenAll(edits.GroupBy(e => e.Child.Borough).Select(g => SyncPusher.PushAll(sync, As(g.Key, "borough-sync"), g.Select(e => e.Change), batch)));
            var deltaTime = clock.Elapsed;

            Console.WriteLine("Checking the totals against a full recomputation...");
            var check = await new DatasetService.DatasetServiceClient(channel).CheckTotalsAsync(new CheckTotalsRequest(), As("hub-admin", "administrator"));

            var outcomes = loads.Concat(deltaLoads).SelectMany(l => l.Outcomes).GroupBy(o => o.Outcome).ToDictionary(g => g.Key, g => g.Count());
            Console.WriteLine();
            Console.WriteLine($"borough-load: the tri-borough's history through SyncService.Push into {(hub is null ? hubAddress + " (its own store)" : "the hub host + Azurite on 127.0.0.1")}");
            Console.WriteLine($"machine       {Environment.ProcessorCount} cores; load average {ProcessCpu.LoadAverage()} (1, 5, 15 min)");
            Console.WriteLine($"population    {children} children, {records} records, {population.Children.Count(c => c.BirthDate < DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-18))} adults now");
            Console.WriteLine($"load          {loadTime.TotalSeconds:F1} s = {children / loadTime.TotalSeconds:F0} children/s, {records / loadTime.TotalSeconds:F0} records/s; {loads.Sum(l => l.Resent)} sent again after RESEND");
            Console.WriteLine($"cpu per 1000 records  {string.Join(", ", loadCpu.Select(c => $"{c.Key} {c.Value.TotalMilliseconds * 1000 / records:F0} ms"))} (load phase{(hub is null ? "; a hub not started here is not measured" : string.Empty)})");
            Console.WriteLine($"deltas        {edits.Count} in {deltaTime.TotalSeconds:F1} s = {edits.Count / deltaTime.TotalSeconds:F0} records/s; {deltaLoads.Sum(l => l.Resent)} sent again");
            Console.WriteLine($"outcomes      {string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}"))}");
            Console.WriteLine($"check totals  {check.Children} children, {check.Cells} cells, {check.Differences.Count} differences");
            Console.WriteLine("raw store     not measured here (the store's own batch rate: see sync-push for Azurite)");
            return outcomes.GetValueOrDefault(ChangeOutcome.Rejected) == 0 && check.Differences.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }

            if (storage is not null)
            {
                await storage.DisposeAsync();
            }
        }
    }
}
