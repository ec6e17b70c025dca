using System.Diagnostics;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Storage.Sqlite;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// The embedded store through the seam (the grain storage and the audit store the grains use), on a real file with
/// fsync: durable upserts per second with and without group commit, then point read, state upsert and audit append
/// latencies as the store grows to each size.
/// </summary>
public static class StoreBenchmark
{
    /// <summary>The options.</summary>
    public const string Usage = "[--sizes 10000,100000,1000000] [--callers 64] [--samples 2000] [--compare 5000] [--autocheckpoint 1000|0|10000]";

    /// <summary>Runs the benchmark.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var sizes = arguments.Choice("sizes", "10000,100000,1000000", "10000,100000", "10000", "1000").Split(',').Select(int.Parse).ToArray();
        var callers = arguments.PositiveInt("callers", 64);
        var samples = arguments.PositiveInt("samples", 2000);
        var compare = arguments.PositiveInt("compare", 5000);
        var autocheckpoint = int.Parse(arguments.Choice("autocheckpoint", "1000", "0", "10000"), CultureInfo.InvariantCulture);
        arguments.RejectUnknown();
        var state = new string('x', 1000);

        Console.WriteLine($"store: SQLite through the seam, WAL + synchronous=FULL, wal_autocheckpoint {autocheckpoint}, {state.Length}-character states, {Environment.ProcessorCount} cores");
        Console.WriteLine($"load average {ProcessCpu.LoadAverage()} (1, 5, 15 min) at {DateTime.UtcNow:HH:mm} UTC");
        foreach (var groupCommit in new[] { false, true })
        {
            await using var store = await Open(groupCommit, autocheckpoint);
            var seconds = await Fill(store.Grains, 0, compare, callers, state);
            Console.WriteLine($"  {compare} upserts by {callers} concurrent callers, group commit {(groupCommit ? "on " : "off")}: " +
                $"{compare / seconds,8:F0} durable upserts/s, {store.Database.Commits} commits ({(double)store.Database.CommittedWrites / store.Database.Commits:F1} writes per fsync)");
        }

        await using (var store = await Open(groupCommit: true, autocheckpoint))
        {
            var filled = 0;
            Console.WriteLine($"  {"children",9} {"read p50",9} {"read p99",9} {"upsert p50",11} {"upsert p99",11} {"audit p50",10} {"audit p99",10} {"hop p99",8}  (ms, one caller)");
            foreach (var size in sizes)
            {
                await Fill(store.Grains, filled, size - filled, callers, state);
                await FillAudit(store.Audit, filled, size - filled, callers);
                filled = size;
                var random = new Random(size);
                var reads = await Measure(samples, async i =>
                {
                    var start = Stopwatch.GetTimestamp();
                    await store.Grains.ReadStateAsync("child", Child(random.Next(size)), new ChildState());
                    return start;
                });
                var upserts = await Measure(samples, async i =>
                {
                    var s = new ChildState();
                    var grain = Child(random.Next(size));
                    await store.Grains.ReadStateAsync("child", grain, s);
                    s.State = state + i.ToString(CultureInfo.InvariantCulture);
                    var start = Stopwatch.GetTimestamp();
                    await store.Grains.WriteStateAsync("child", grain, s);
                    return start;
                });
                var audits = await Measure(samples, async i =>
                {
                    var subject = "child/" + random.Next(size).ToString(CultureInfo.InvariantCulture);
                    var head = await store.Audit.ReadHeadAsync(subject);
                    var start = Stopwatch.GetTimestamp();
                    await store.Audit.AppendAsync([AuditChain.Next(subject, head.Sequence, head.Hash, Entry())], head, head.Marks);
                    return start;
                });

                // The control: a bare hop to the thread pool and back, which touches no store. Its tail is the
                // machine's (other processes holding the cores), not SQLite's.
                var hops = await Measure(samples, async _ =>
                {
                    var start = Stopwatch.GetTimestamp();
                    await Task.Run(static () => { });
                    return start;
                });
                Console.WriteLine($"  {size,9} {reads.Percentile(50),9:F3} {reads.Percentile(99),9:F3} {upserts.Percentile(50),11:F3} {upserts.Percentile(99),11:F3} {audits.Percentile(50),10:F3} {audits.Percentile(99),10:F3} {hops.Percentile(99),8:F3}");
                Console.WriteLine($"  {string.Empty,9} load average {ProcessCpu.LoadAverage()}");
            }

            Console.WriteLine($"  file {new FileInfo(store.Database.Path).Length / (1024.0 * 1024):F0} MiB (+ WAL) at {filled} children with one audit record each");
        }

        return 0;
    }

    private static async Task<OpenedStore> Open(bool groupCommit, int autocheckpoint)
    {
        var folder = Directory.CreateTempSubdirectory("phub-store-bench-");
        var database = new SqliteHubDatabase(Path.Combine(folder.FullName, SqliteHubDatabase.FileName), groupCommit, autocheckpoint);
        await database.InitialiseAsync(CancellationToken.None);
        return new OpenedStore(folder, database);
    }

    private static async Task<double> Fill(SqliteGrainStorage grains, int from, int count, int callers, string state)
    {
        var next = from - 1;
        var end = from + count;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < end; i = Interlocked.Increment(ref next))
            {
                await grains.WriteStateAsync("child", Child(i), new ChildState { State = state });
            }
        })));
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task FillAudit(SqliteAuditStore audit, int from, int count, int callers)
    {
        var next = from - 1;
        var end = from + count;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < end; i = Interlocked.Increment(ref next))
            {
                var subject = "child/" + i.ToString(CultureInfo.InvariantCulture);
                await audit.AppendAsync([AuditChain.Next(subject, 0, AuditChain.Genesis, Entry())], new AuditHead(0, AuditChain.Genesis, null), DeliveryMarks.None);
            }
        })));
    }

    /// <summary>Times <paramref name="samples"/> calls one after another, each from the timestamp it returns (after its preparation).</summary>
    private static async Task<LatencyHistogram> Measure(int samples, Func<int, Task<long>> call)
    {
        var histogram = new LatencyHistogram(TimeSpan.FromSeconds(2));
        for (var i = 0; i < samples; i++)
        {
            histogram.Record(await call(i));
        }

        return histogram;
    }

    private static GrainId Child(int i) => GrainId.Create("child", i.ToString("D8", CultureInfo.InvariantCulture));

    private static AuditEntry Entry() =>
        new("child.read", "E09000033", "mash-practitioner", "bench", "mash-enquiry", "MASH-1", "returned", "record", DateTimeOffset.UtcNow);

    private sealed class ChildState : IGrainState<string>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public string State { get; set; } = string.Empty;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }

    private sealed class OpenedStore(DirectoryInfo folder, SqliteHubDatabase database) : IAsyncDisposable
    {
        public SqliteHubDatabase Database { get; } = database;

        public SqliteGrainStorage Grains { get; } = new("hub", database);

        public SqliteAuditStore Audit { get; } = new(database);

        public async ValueTask DisposeAsync()
        {
            await Database.DisposeAsync();
            folder.Delete(recursive: true);
        }
    }
}
