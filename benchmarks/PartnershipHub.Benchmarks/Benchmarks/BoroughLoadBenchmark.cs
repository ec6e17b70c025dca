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
/// day's deltas in interleaved order (every change about a different child), then CheckTotals, then the raw store's
/// batch rate on the same disk. Runs against a hub it starts on its embedded SQLite store (durable before
/// acknowledged), or against a running hub (<c>--hub</c>, with <c>--data-folder</c> holding its signing key) with
/// whatever store that hub is configured with.
/// </summary>
public static class BoroughLoadBenchmark
{
    /// <summary>The options, for the usage text.</summary>
    public const string Usage = "[--children 110000] [--deltas 10000] [--batch 250] [--seed 2010] [--raw-records 100000] [--data-folder DIR] [--hub URL --data-folder DIR]";

    /// <summary>How often a long load prints the time so far and the machine's load.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(60);

    /// <summary>Generates, loads, applies the deltas and checks the totals; exit code 0 when every record got in and the totals agree.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var children = arguments.PositiveInt("children", 110_000);
        var deltas = arguments.PositiveInt("deltas", 10_000);
        var batch = arguments.PositiveInt("batch", 250);
        var seed = arguments.PositiveInt("seed", 2010);
        var rawRecords = arguments.PositiveInt("raw-records", 100_000);
        var hubAddress = arguments.Text("hub");
        var keptFolder = arguments.Text("data-folder");
        arguments.RejectUnknown();
        if (hubAddress is not null && keptFolder is null)
        {
            throw new ArgumentException("--hub needs --data-folder: the running hub's folder, whose key signs the tokens.");
        }

        var dataFolder = keptFolder is null ? Directory.CreateTempSubdirectory("phub-borough-load-").FullName : Path.GetFullPath(keptFolder);
        Console.WriteLine($"Generating {children} children of the tri-borough, 2010 to yesterday...");
        var clock = Stopwatch.StartNew();
        var population = new GeneratedPopulation(seed, PopulationShape.History(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        population.Generate(children);
        var records = population.Children.Sum(c => c.Records.Count + 1);
        Console.WriteLine($"Generated {records} records in {clock.Elapsed.TotalSeconds:F1} s.");

        HubProcess? hub = null;
        try
        {
            if (hubAddress is null)
            {
                Console.WriteLine($"Starting the hub host on its embedded store in {dataFolder}...");
                hub = new HubProcess(dataFolder);
                await hub.StartAsync();
                hubAddress = hub.Address;
            }

            Metadata As(string organisation, string role) =>
                new() { { "authorization", "Bearer " + LocalTokenIssuer.Issue(dataFolder, organisation, role, "bench-borough-load", TimeSpan.FromHours(12)) } };
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(hubAddress);
            var sync = new SyncService.SyncServiceClient(channel);

            Console.WriteLine($"Pushing {records} records ({children} children), three boroughs at once, batches of {batch}, at {DateTime.UtcNow:HH:mm:ss} UTC; load average {ProcessCpu.LoadAverage()}...");
            var loadCpu = HubCpu.Start(hub);
            clock.Restart();
            PushResult[] loads;
            using (new Timer(_ => Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:F0} s  load average {ProcessCpu.LoadAverage()}"), null, ProgressEvery, ProgressEvery))
            {
                loads = await Task.WhenAll(population.Shape.Boroughs.Select(b => SyncPusher.PushAll(sync, As(b, "borough-sync"), population.PushStream(b), batch)));
            }

            var load = new Phase(loads, clock.Elapsed, loadCpu.Stop(), ProcessCpu.LoadAverage());

            var edits = population.Edit(deltas);
            Console.WriteLine($"Pushing a day's {edits.Count} deltas, interleaved, the three boroughs at once...");
            var deltaCpu = HubCpu.Start(hub);
            clock.Restart();
            var deltaLoads = await Task.WhenAll(edits.GroupBy(e => e.Child.Borough).Select(g => SyncPusher.PushAll(sync, As(g.Key, "borough-sync"), g.Select(e => e.Change), batch)));
            var delta = new Phase(deltaLoads, clock.Elapsed, deltaCpu.Stop(), ProcessCpu.LoadAverage());

            Console.WriteLine("Checking the totals against a full recomputation...");
            clock.Restart();
            var check = await new DatasetService.DatasetServiceClient(channel).CheckTotalsAsync(new CheckTotalsRequest(), As("hub-admin", "administrator"));
            var checkTime = clock.Elapsed;
            if (hub is not null)
            {
                await hub.StopAsync();
            }

            Console.WriteLine($"The raw store: {rawRecords} rows in transactions of {batch}, on the same disk...");
            var raw = RawSqliteBatches.Measure(Path.Combine(dataFolder, "raw-batches.db"), rawRecords, batch, children);

            var outcomes = loads.Concat(deltaLoads).SelectMany(l => l.Outcomes).GroupBy(o => o.Outcome).ToDictionary(g => g.Key, g => g.Count());
            Console.WriteLine();
            Console.WriteLine($"borough-load: the tri-borough's history through SyncService.Push into {(hub is null ? hubAddress + " (its own store)" : "the hub host on its embedded SQLite store (WAL, synchronous=FULL), 127.0.0.1")}");
            Console.WriteLine($"machine       {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {ProcessCpu.LoadAverage()} (1, 5, 15 min; other work shares the cores)");
            Console.WriteLine($"population    {children} children, {records} records, {population.Children.Count(c => c.BirthDate < DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-18))} adults now");
            load.Print("load", children, records);
            delta.Print("deltas", null, edits.Count);
            Console.WriteLine($"raw store     {raw.Rows} rows of {RawSqliteBatches.PayloadCharacters} characters in {raw.Elapsed.TotalSeconds:F1} s = {raw.Rows / raw.Elapsed.TotalSeconds:F0} rows/s ({raw.Rows / batch} transactions of {batch}, each fsynced; SQLite alone, no hub)");
            Console.WriteLine($"deltas / raw  {edits.Count / delta.Elapsed.TotalSeconds / (raw.Rows / raw.Elapsed.TotalSeconds) * 100:F0} % (goal: at least 50 %)");
            Console.WriteLine($"outcomes      {string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}"))}");
            Console.WriteLine($"check totals  {check.Children} children, {check.Cells} cells, {check.Differences.Count} differences ({checkTime.TotalSeconds:F1} s)");
            Console.WriteLine($"goal          the whole tri-borough in at most 600 s: {(load.Elapsed.TotalSeconds <= 600 ? "met" : "MISSED")} ({load.Elapsed.TotalSeconds:F0} s)");
            return outcomes.GetValueOrDefault(ChangeOutcome.Rejected) == 0 && check.Differences.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }

            if (keptFolder is null)
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }


    /// <summary>One pushing phase: what it came to, how long it took and the CPU it cost.</summary>
    private sealed record Phase(PushResult[] Pushes, TimeSpan Elapsed, HubCpu.Used Cpu, string LoadAverage)
    {
        public void Print(string name, int? children, int records)
        {
            var seconds = Elapsed.TotalSeconds;
            var perChild = children is { } c ? $"{c / seconds:F0} children/s, " : string.Empty;
            Console.WriteLine($"{name,-13} {records} records in {seconds:F1} s = {perChild}{records / seconds:F0} records/s; {Pushes.Sum(p => p.Resent)} sent again after RESEND; load average after {LoadAverage}");
            Console.WriteLine($"  cpu/record  {Cpu.Describe(records)}");
        }
    }
}
