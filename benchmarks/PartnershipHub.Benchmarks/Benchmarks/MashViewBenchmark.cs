using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Grpc.Core;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// The multi-agency view under load: the real hub host on a real Azurite, N seeded children, and concurrent callers
/// asking for random children's views. Every call takes the whole path, including the durable audit append.
/// </summary>
public static class MashViewBenchmark
{
    /// <summary>The options, for the usage text.</summary>
    public const string Usage = "[--children 10000] [--callers 32] [--duration 30] [--warmup 5] [--seeders 32] [--azurite in-memory|persisted]";

    private const string CaseReference = "MASH-BENCH-001";
    private const string ViewAction = "mash.view";
    private const double TargetP99Milliseconds = 20;
    private const int AuditSampleSize = 5;

    /// <summary>Runs the benchmark; exit code 0 when every call succeeded with a correct view and the audit adds up.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var children = arguments.PositiveInt("children", 10_000);
        var callers = arguments.PositiveInt("callers", 32);
        var duration = TimeSpan.FromSeconds(arguments.PositiveInt("duration", 30));
        var warmup = TimeSpan.FromSeconds(arguments.PositiveInt("warmup", 5));
        var seeders = arguments.PositiveInt("seeders", 32);
        var azurite = arguments.Choice("azurite", "in-memory", "persisted");
        arguments.RejectUnknown();

        // Ctrl+C or a kill stops the calls and falls through to the clean-up, so Azurite and the hub do not outlive the run.
        using var interrupted = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        void Interrupt(PosixSignalContext signal)
        {
            signal.Cancel = true;
            interrupted.Cancel();
        }

        Console.WriteLine($"Starting Azurite ({azurite}) and the hub host on loopback...");
        var storage = new AzuriteServer { InMemory = azurite == "in-memory" };
        try
        {
            await storage.InitializeAsync();
            await using var hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
            await hub.StartAsync();

            // One channel for every caller: its HTTP/2 connection multiplexes the concurrent calls.
            using var channel = hub.Channel();
            var mash = new MashService.MashServiceClient(channel);
            var childIds = await new MashCaseSeeder(mash, hub).SeedAsync(children, seeders, interrupted.Token);

            var practitioner = hub.As(MashCaseSeeder.Borough, "mash-practitioner", "bench-viewer");
            var run = await MeasureAsync(mash, practitioner, childIds, callers, warmup, duration, interrupted.Token);
            var auditedViews = await CountAuditedViewsAsync(storage.ConnectionString);
            var chainsIntact = await VerifySampleChainsAsync(channel, hub.As("hub-admin", "administrator", "bench-admin"), childIds);

            Print(run, children, callers, warmup, azurite, auditedViews, chainsIntact);
            var healthy = run.Errors.IsEmpty && run.WrongViews == 0 && auditedViews == run.ViewsReturned && chainsIntact;
            return healthy ? 0 : 1;
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }

    /// <summary>Calls for the warm-up, then records every call that starts within the measured period.</summary>
    private static async Task<Run> MeasureAsync(
        MashService.MashServiceClient mash, Metadata practitioner, IReadOnlyList<string> childIds, int callers,
        TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var requests = childIds
            .Select(id => new GetMultiAgencyViewRequest { ChildId = id, Purpose = AccessPurpose.MashEnquiry, CaseReference = CaseReference })
            .ToArray();
        var latencies = new LatencyHistogram(TimeSpan.FromSeconds(10));
        var errors = new ConcurrentDictionary<string, int>();
        long viewsReturned = 0;
        long wrongViews = 0;
        var phase = Phase.Warmup;

        async Task CallAsync(int callerNumber)
        {
            var random = new Random(callerNumber);
            while (Volatile.Read(ref phase) != Phase.Stopped && !cancellationToken.IsCancellationRequested)
            {
                var measured = Volatile.Read(ref phase) == Phase.Measured;
                var request = requests[random.Next(requests.Length)];
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var view = await mash.GetMultiAgencyViewAsync(request, practitioner);
                    if (measured)
                    {
                        latencies.Record(start);
                    }

                    Interlocked.Increment(ref viewsReturned);
                    if (!IsExpectedView(view, request.ChildId))
                    {
                        Interlocked.Increment(ref wrongViews);
                    }
                }
                catch (RpcException ex)
                {
                    errors.AddOrUpdate($"{(measured ? "measured" : "warm-up")} {ex.StatusCode}", 1, (_, n) => n + 1);
                }
            }
        }

        Console.WriteLine($"Calling GetMultiAgencyView from {callers} callers: {warmup.TotalSeconds:F0} s warm-up, {duration.TotalSeconds:F0} s measured...");
        var running = Enumerable.Range(1, callers).Select(CallAsync).ToList();
        await Task.Delay(warmup, cancellationToken);
        var measuredFrom = Stopwatch.GetTimestamp();
        var cpuBefore = ProcessCpu.Snapshot();
        Volatile.Write(ref phase, Phase.Measured);
        await Task.Delay(duration, cancellationToken);
        Volatile.Write(ref phase, Phase.Stopped);
        await Task.WhenAll(running);
        var elapsed = Stopwatch.GetElapsedTime(measuredFrom);
        return new Run(latencies, elapsed, ProcessCpu.Snapshot().Since(cpuBefore), errors, Interlocked.Read(ref viewsReturned), Interlocked.Read(ref wrongViews));
    }

    /// <summary>
    /// What every seeded child's view must be: police and school included on consent with their one answer, health
    /// withheld for refused consent with nothing of its answer shown.
    /// </summary>
    private static bool IsExpectedView(GetMultiAgencyViewResponse view, string childId)
    {
        Contribution? Of(string agency) => view.Contributions.SingleOrDefault(c => c.Agency == agency);
        return view.Child?.ChildId == childId
            && view.Contributions.Count == 3
            && Of(MashCaseSeeder.Police) is { Included: true, SharedOn: LawfulBasis.Consent, Answers.Count: 1 }
            && Of(MashCaseSeeder.School) is { Included: true, SharedOn: LawfulBasis.Consent, Answers.Count: 1 }
            && Of(MashCaseSeeder.Health) is { Included: false, Answers.Count: 0 } health
            && health.Reason.Contains("consent refused", StringComparison.Ordinal);
    }

    /// <summary>Counts the view records in the audit table itself: one must exist for every view returned.</summary>
    private static async Task<long> CountAuditedViewsAsync(string connectionString)
    {
        var table = new TableClient(connectionString, "HubAudit");
        long count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>($"Action eq '{ViewAction}'", select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>Has the hub re-read and check the hash chains of a few children, views included.</summary>
    private static async Task<bool> VerifySampleChainsAsync(ChannelBase channel, Metadata administrator, IReadOnlyList<string> childIds)
    {
        var audit = new AuditService.AuditServiceClient(channel);
        var random = new Random(0);
        for (var i = 0; i < AuditSampleSize; i++)
        {
            var childId = childIds[random.Next(childIds.Count)];
            var verified = await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = childId }, administrator);
            if (!verified.Intact)
            {
                Console.WriteLine($"Audit chain of child {childId} is broken: {verified.Problem}");
                return false;
            }
        }

        return true;
    }

    private static void Print(Run run, int children, int callers, TimeSpan warmup, string azurite, long auditedViews, bool chainsIntact)
    {
        var seconds = run.Elapsed.TotalSeconds;
        var p99 = run.Latencies.Percentile(99);
        var errorCount = run.Errors.Values.Sum();
        Console.WriteLine();
        Console.WriteLine($"mash-view: GetMultiAgencyView (MASH_ENQUIRY) incl. audit append; hub host + Azurite ({azurite}) on 127.0.0.1");
        Console.WriteLine($"machine      {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"load average {ProcessCpu.LoadAverage()} (1, 5, 15 min; other work on the machine shares its cores)");
        Console.WriteLine($"children     {children}");
        Console.WriteLine($"callers      {callers} (one shared GrpcChannel, HTTP/2 multiplexed)");
        Console.WriteLine($"duration     {seconds:F1} s measured after {warmup.TotalSeconds:F0} s warm-up");
        Console.WriteLine($"calls        {run.Latencies.Count}");
        Console.WriteLine($"throughput   {run.Latencies.Count / seconds:F1} calls/s");
        Console.WriteLine($"latency ms   p50 {run.Latencies.Percentile(50):F2}  p90 {run.Latencies.Percentile(90):F2}  p99 {p99:F2}  max {run.Latencies.MaxMilliseconds:F2}");
        Console.WriteLine($"cpu per call {string.Join(", ", run.Cpu.Select(c => $"{c.Key} {c.Value.TotalMilliseconds / Math.Max(1, run.Latencies.Count):F2} ms"))} (CPU time in the measured period / calls)");
        Console.WriteLine($"errors       {errorCount}{(errorCount > 0 ? " (" + string.Join(", ", run.Errors.Select(e => $"{e.Key}: {e.Value}")) + ")" : string.Empty)}");
        Console.WriteLine($"wrong views  {run.WrongViews} of {run.ViewsReturned} returned (warm-up included), each checked: 2 agencies shown, health withheld");
        Console.WriteLine($"audit        {auditedViews} '{ViewAction}' rows in HubAudit for {run.ViewsReturned} views returned; {AuditSampleSize} sampled chains {(chainsIntact ? "intact" : "BROKEN")}");
        Console.WriteLine($"target       p99 < {TargetP99Milliseconds} ms: {(p99 < TargetP99Milliseconds ? "met" : "MISSED")}");
    }

    /// <summary>The machine's load averages where the OS reports them, since other processes skew the figures.</summary>
    private static class Phase
    {
        public const int Warmup = 0;
        public const int Measured = 1;
        public const int Stopped = 2;
    }

    private sealed record Run(
        LatencyHistogram Latencies, TimeSpan Elapsed, IReadOnlyDictionary<string, TimeSpan> Cpu, ConcurrentDictionary<string, int> Errors,
        long ViewsReturned, long WrongViews);
}
