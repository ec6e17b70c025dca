using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Generator;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// The multi-agency view under load: the real hub host on its embedded SQLite store holding a whole population,
/// a few hundred of whose children have MASH enquiries, and views of those children asked for on a fixed schedule
/// (open loop), then as fast as a closed loop of callers can. Every call takes the whole path, including the
/// durable audit append.
/// </summary>
public static class MashViewBenchmark
{
    /// <summary>The options, for the usage text.</summary>
    public const string Usage =
        "[--children 100000] [--mash-children 300] [--rate 200] [--duration 30] [--warmup 5] [--callers 32] [--closed-duration 15] [--seeders 16] [--batch 250] [--data-folder DIR] [--hub-setting KEY=VALUE]";

    private const string CaseReference = "MASH-BENCH-001";
    private const string ViewAction = "mash.view";
    private const string SeededChildrenFile = "mash-children.txt";
    private const double TargetP99Milliseconds = 20;
    private const double TargetCpuMilliseconds = 1;
    private const int AuditSampleSize = 5;

    /// <summary>Runs the benchmark; exit code 0 when every call succeeded with a correct view and every view's audit record is on disk.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var children = arguments.PositiveInt("children", 100_000);
        var mashChildren = arguments.PositiveInt("mash-children", 300);
        var rate = arguments.PositiveInt("rate", 200);
        var duration = TimeSpan.FromSeconds(arguments.PositiveInt("duration", 30));
        var warmup = TimeSpan.FromSeconds(arguments.PositiveInt("warmup", 5));
        var callers = arguments.PositiveInt("callers", 32);
        var closedDuration = TimeSpan.FromSeconds(arguments.PositiveInt("closed-duration", 15));
        var seeders = arguments.PositiveInt("seeders", 16);
        var batch = arguments.PositiveInt("batch", 250);
        var keptFolder = arguments.Text("data-folder");
        var hubSetting = arguments.Text("hub-setting")?.Split('=', 2);
        arguments.RejectUnknown();
        if (mashChildren > children)
        {
            throw new ArgumentException("--mash-children must be at most --children.");
        }

        // Ctrl+C or a kill stops the calls and falls through to the clean-up, so the hub does not outlive the run.
        using var interrupted = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        void Interrupt(PosixSignalContext signal)
        {
            signal.Cancel = true;
            interrupted.Cancel();
        }

        var dataFolder = keptFolder is null ? Directory.CreateTempSubdirectory("phub-mash-view-").FullName : Path.GetFullPath(keptFolder);
        Directory.CreateDirectory(dataFolder);
        try
        {
            Console.WriteLine($"Starting the hub host on its embedded store in {dataFolder}...");
            await using var hub = new HubProcess(dataFolder);
            if (hubSetting is [var key, var value])
            {
                Console.WriteLine($"Hub environment: {key}={value}");
                hub.Settings[key] = value;
            }

            await hub.StartAsync();
            using var channel = hub.Channel();
            var mash = new MashService.MashServiceClient(channel);

            var seededList = Path.Combine(dataFolder, SeededChildrenFile);
            IReadOnlyList<string> childIds;
            if (File.Exists(seededList))
            {
                childIds = File.ReadAllLines(seededList);
                Console.WriteLine($"Reusing the population in {dataFolder}: {childIds.Count} children with MASH enquiries (seeded by an earlier run).");
            }
            else
            {
                await PushPopulationAsync(channel, hub, children - mashChildren, batch, interrupted.Token);
                childIds = await new MashCaseSeeder(mash, hub).SeedAsync(mashChildren, seeders, interrupted.Token);
                await File.WriteAllLinesAsync(seededList, childIds);
            }

            var idle = await IdleCpuAsync(hub, interrupted.Token);
            var auditedBefore = CountAuditedViews(hub.Database);
            var calls = new ViewCalls(mash, hub.As(MashCaseSeeder.Borough, "mash-practitioner", "bench-viewer"), childIds);
            var open = await calls.OpenLoopAsync(hub, rate, warmup, duration, interrupted.Token);
            var closed = await calls.ClosedLoopAsync(hub, callers, warmup, closedDuration, interrupted.Token);
            var chainsIntact = await VerifySampleChainsAsync(channel, hub.As("hub-admin", "administrator", "bench-admin"), childIds);

            // SIGKILL, then read the file: a view's audit record that was only in the hub's memory would be missing.
            await hub.KillAsync();
            var audited = CountAuditedViews(hub.Database) - auditedBefore;

            Print(open, closed, idle, children, childIds.Count, rate, callers, calls, audited, chainsIntact);
            var healthy = calls.Errors.IsEmpty && calls.WrongViews == 0 && audited == calls.ViewsReturned && chainsIntact;
            return healthy ? 0 : 1;
        }
        finally
        {
            if (keptFolder is null)
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }

    /// <summary>
    /// The population the store holds besides the MASH children: the tri-borough's generated history (about 11
    /// records a child: details, referrals, assessments, enquiries, plans, care) pushed through SyncService.Push by
    /// the three boroughs at once, as their case systems would.
    /// </summary>
    private static async Task PushPopulationAsync(ChannelBase channel, HubProcess hub, int children, int batch, CancellationToken cancellationToken)
    {
        if (children == 0)
        {
            return;
        }

        var population = new GeneratedPopulation(2010, PopulationShape.History(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        population.Generate(children);
        var records = population.Children.Sum(c => c.Records.Count + 1);
        Console.WriteLine($"Pushing the population: {children} generated children, {records} records, through SyncService.Push (three boroughs at once, batches of {batch})...");
        var sync = new SyncService.SyncServiceClient(channel);
        var clock = Stopwatch.StartNew();
        var pushes = await Task.WhenAll(population.Shape.Boroughs.Select(b =>
            SyncPusher.PushAll(sync, hub.As(b, "borough-sync", "bench-sync"), population.PushStream(b), batch, cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var rejected = pushes.SelectMany(p => p.Outcomes).Count(o => o.Outcome == ChangeOutcome.Rejected);
        Console.WriteLine($"Pushed {children} children in {seconds:F1} s: {children / seconds:F0} children/s, {records / seconds:F0} records/s; {rejected} rejected.");
        if (rejected > 0)
        {
            throw new InvalidOperationException($"{rejected} records of the generated population were rejected.");
        }
    }

    /// <summary>
    /// The hub's CPU with no calls, in milliseconds a second, after 5 s of rest: what it spends on its own (timers,
    /// the totals catching up with a fresh push), which the CPU per view of a phase includes.
    /// </summary>
    private static async Task<double> IdleCpuAsync(HubProcess hub, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var before = hub.ProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        return (hub.ProcessorTime - before).TotalMilliseconds / 5;
    }

    /// <summary>Counts the view records in the database file itself: one must exist for every view returned.</summary>
    private static long CountAuditedViews(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM audit_record WHERE action = $action";
        count.Parameters.AddWithValue("$action", ViewAction);
        return (long)count.ExecuteScalar()!;
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

    private static void Print(Phase open, Phase closed, double idleCpu, int children, int mashChildren, int rate, int callers, ViewCalls calls, long audited, bool chainsIntact)
    {
        var p99 = open.Latencies.Percentile(99);
        var errorCount = calls.Errors.Values.Sum();
        Console.WriteLine();
        Console.WriteLine("mash-view: GetMultiAgencyView (MASH_ENQUIRY) incl. durable audit append; hub host on its embedded SQLite store, 127.0.0.1");
        Console.WriteLine($"machine      {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"load average {ProcessCpu.LoadAverage()} (1, 5, 15 min; other work on the machine shares its cores)");
        Console.WriteLine($"children     {children} in the store, views of {mashChildren} with MASH enquiries (3 agencies each)");
        Console.WriteLine($"hub idle     {idleCpu:F1} ms CPU a second with no calls, measured over 5 s before the views");
        PrintPhase($"open loop    {rate} views/s offered on a fixed schedule, latency from the scheduled send", open);
        PrintPhase($"closed loop  {callers} callers, each calling again as soon as answered (the maximum throughput)", closed);
        Console.WriteLine($"errors       {errorCount}{(errorCount > 0 ? " (" + string.Join(", ", calls.Errors.Select(e => $"{e.Key}: {e.Value}")) + ")" : string.Empty)}");
        Console.WriteLine($"wrong views  {calls.WrongViews} of {calls.ViewsReturned} returned (warm-ups included), each checked: 2 agencies shown, health withheld");
        Console.WriteLine($"audit        {audited} '{ViewAction}' records in hub.db, read after SIGKILL of the hub, for {calls.ViewsReturned} views returned; {AuditSampleSize} sampled chains {(chainsIntact ? "intact" : "BROKEN")}");
        Console.WriteLine($"target       open-loop p99 <= {TargetP99Milliseconds} ms: {(p99 <= TargetP99Milliseconds ? "met" : "MISSED")}; hub CPU per view <= {TargetCpuMilliseconds} ms: {(open.HubCpuPerView <= TargetCpuMilliseconds ? "met" : "MISSED")}");
    }

    private static void PrintPhase(string title, Phase phase)
    {
        var calls = phase.Latencies.Count;
        Console.WriteLine(title);
        Console.WriteLine($"  answered   {calls} in {phase.Elapsed.TotalSeconds:F1} s = {calls / phase.Elapsed.TotalSeconds:F1} views/s");
        Console.WriteLine($"  latency ms p50 {phase.Latencies.Percentile(50):F2}  p90 {phase.Latencies.Percentile(90):F2}  p99 {phase.Latencies.Percentile(99):F2}  max {phase.Latencies.MaxMilliseconds:F2}");
        if (phase.SendLag is { } lag)
        {
            Console.WriteLine($"  send lag   p50 {lag.Percentile(50):F2}  p99 {lag.Percentile(99):F2}  max {lag.MaxMilliseconds:F2} ms (the client sending late: included in the latency above)");
        }

        Console.WriteLine($"  cpu/view   hub {phase.HubCpuPerView:F2} ms (/proc/<pid>/stat), benchmark client {phase.ClientCpu.TotalMilliseconds / Math.Max(1, calls):F2} ms; load average after {phase.LoadAverage}");
    }

    /// <summary>What one measured phase gave.</summary>
    /// <param name="SendLag">How late the client sent each view after its scheduled time (open loop): the machine's own noise, no hub in it.</param>
    private sealed record Phase(LatencyHistogram Latencies, TimeSpan Elapsed, double HubCpuPerView, TimeSpan ClientCpu, string LoadAverage, LatencyHistogram? SendLag = null);

    /// <summary>
    /// Views of random seeded children, each answer checked; errors and wrong views counted over every phase. A call
    /// is timed from the moment it was due: its scheduled send time (open loop) or when its caller began it (closed).
    /// </summary>
    private sealed class ViewCalls(MashService.MashServiceClient mash, Metadata practitioner, IReadOnlyList<string> childIds)
    {
        private readonly GetMultiAgencyViewRequest[] requests = childIds
            .Select(id => new GetMultiAgencyViewRequest { ChildId = id, Purpose = AccessPurpose.MashEnquiry, CaseReference = CaseReference })
            .ToArray();

        private long viewsReturned;
        private long wrongViews;

        public ConcurrentDictionary<string, int> Errors { get; } = new();

        public long ViewsReturned => Interlocked.Read(ref viewsReturned);

        public long WrongViews => Interlocked.Read(ref wrongViews);

        /// <summary>Sends views at <paramref name="rate"/> a second on a fixed schedule, whatever the answers do.</summary>
        public async Task<Phase> OpenLoopAsync(HubProcess hub, int rate, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
        {
            Console.WriteLine($"Open loop: {rate} views/s, {warmup.TotalSeconds:F0} s warm-up, {duration.TotalSeconds:F0} s measured...");
            var random = new Random(1);
            var interval = Stopwatch.Frequency / (double)rate;
            var warmupCalls = (long)(warmup.TotalSeconds * rate);
            var measuredCalls = (long)(duration.TotalSeconds * rate);
            var latencies = new LatencyHistogram(TimeSpan.FromSeconds(30));
            var sendLag = new LatencyHistogram(TimeSpan.FromSeconds(30));
            var inFlight = new List<Task>();
            var (cpuBefore, clientBefore) = (TimeSpan.Zero, TimeSpan.Zero);
            var origin = Stopwatch.GetTimestamp();
            for (long i = 0; i < warmupCalls + measuredCalls && !cancellationToken.IsCancellationRequested; i++)
            {
                // Task.Delay counts whole milliseconds and may wake a little early: wait until the view is due.
                var due = origin + (long)(i * interval);
                while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), cancellationToken);
                }

                if (i == warmupCalls)
                {
                    (cpuBefore, clientBefore) = (hub.ProcessorTime, Process.GetCurrentProcess().TotalProcessorTime);
                }

                if (i >= warmupCalls)
                {
                    sendLag.Record(due);
                }

                inFlight.Add(CallAsync(requests[random.Next(requests.Length)], due, i >= warmupCalls ? latencies : null));
            }

            // The phase lasts until the last scheduled view is answered: views still queued count in full.
            await Task.WhenAll(inFlight);
            var elapsed = Stopwatch.GetElapsedTime(origin + (long)(warmupCalls * interval));
            return new Phase(
                latencies, elapsed, (hub.ProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, latencies.Count),
                Process.GetCurrentProcess().TotalProcessorTime - clientBefore, ProcessCpu.LoadAverage(), sendLag);
        }

        /// <summary>Callers that each ask again as soon as answered: the most views a second the hub gives.</summary>
        public async Task<Phase> ClosedLoopAsync(HubProcess hub, int callers, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
        {
            Console.WriteLine($"Closed loop: {callers} callers, {warmup.TotalSeconds:F0} s warm-up, {duration.TotalSeconds:F0} s measured...");
            var latencies = new LatencyHistogram(TimeSpan.FromSeconds(30));
            var measuring = false;
            var stopped = false;

            async Task CallerAsync(int number)
            {
                var random = new Random(100 + number);
                while (!Volatile.Read(ref stopped) && !cancellationToken.IsCancellationRequested)
                {
                    await CallAsync(requests[random.Next(requests.Length)], Stopwatch.GetTimestamp(), Volatile.Read(ref measuring) ? latencies : null);
                }
            }

            var running = Enumerable.Range(1, callers).Select(CallerAsync).ToList();
            await Task.Delay(warmup, cancellationToken);
            var (cpuBefore, clientBefore) = (hub.ProcessorTime, Process.GetCurrentProcess().TotalProcessorTime);
            var measuredFrom = Stopwatch.GetTimestamp();
            Volatile.Write(ref measuring, true);
            await Task.Delay(duration, cancellationToken);
            Volatile.Write(ref stopped, true);
            await Task.WhenAll(running);
            return new Phase(
                latencies, Stopwatch.GetElapsedTime(measuredFrom), (hub.ProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, latencies.Count),
                Process.GetCurrentProcess().TotalProcessorTime - clientBefore, ProcessCpu.LoadAverage());
        }

        /// <summary>One view, checked; recorded in <paramref name="latencies"/> (when measuring) only if it was right.</summary>
        private async Task CallAsync(GetMultiAgencyViewRequest request, long due, LatencyHistogram? latencies)
        {
            var phase = latencies is null ? "warm-up" : "measured";
            try
            {
                var view = await mash.GetMultiAgencyViewAsync(request, practitioner);
                Interlocked.Increment(ref viewsReturned);
                if (!IsExpectedView(view, request.ChildId))
                {
                    Interlocked.Increment(ref wrongViews);
                    return;
                }

                latencies?.Record(due);
            }
            catch (RpcException ex)
            {
                Errors.AddOrUpdate($"{phase} {ex.StatusCode}", 1, (_, n) => n + 1);
            }
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
    }
}
