using System.Diagnostics;
using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// The latency of <c>DatasetService/GetDataset</c> as the population grows: children are pushed through the
/// boroughs' sync call (each registered from its details, with a referral, an open child protection plan and, for
/// two in five, an open episode of care), so every one of them goes through the real incremental path into the
/// boroughs' totals; then one analyst asks for the same five-year dataset again and again. The population grows by
/// steps of ten (10,000, 100,000, ...) up to <c>--largest</c>, and the dataset is measured at each step. Everything
/// is real: the hub host on Azurite, table storage, no state held in memory for the benchmark.
/// </summary>
public static class DatasetsBenchmark
{
    /// <summary>The options.</summary>
    public const string Usage = "[--smallest 10000] [--largest 100000] [--calls 300] [--in-flight 4]";

    private static readonly string[] Boroughs = ["E09000013", "E09000020", "E09000033", "E09000009", "E09000018", "E09000005"];

    /// <summary>Runs the benchmark.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var smallest = arguments.PositiveInt("smallest", 10_000);
        var largest = arguments.PositiveInt("largest", 100_000);
        var calls = arguments.PositiveInt("calls", 300);
        var inFlight = arguments.PositiveInt("in-flight", 4);
        arguments.RejectUnknown();

        Console.WriteLine("Starting Azurite and the hub host on loopback...");
        var storage = new AzuriteServer();
        try
        {
            await storage.InitializeAsync();
            await using var hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
            await hub.StartAsync();
            using var channel = hub.Channel();
            var datasets = new DatasetService.DatasetServiceClient(channel);
            var analyst = hub.As("lscp", "partnership-analyst");
            var results = new List<(int Children, double Seconds, LatencyHistogram Latency, long Plans)>();
            var seeded = 0;
            for (var size = smallest; size <= largest; size *= 10)
            {
                Console.WriteLine($"Pushing children {seeded} to {size - 1} through SyncService.Push...");
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Boroughs.Select((b, i) => Seed(new SyncService.SyncServiceClient(channel), hub.As(b, "borough-sync", "bench"), b, i, seeded, size, inFlight)));
                var seconds = watch.Elapsed.TotalSeconds;
                seeded = size;

                Console.WriteLine($"Measuring {calls} datasets at {size} children...");
                var latency = new LatencyHistogram(TimeSpan.FromSeconds(10));
                GetDatasetResponse? last = null;
                for (var call = -20; call < calls; call++)
                {
                    var start = Stopwatch.GetTimestamp();
                    last = await datasets.GetDatasetAsync(Request(), analyst);
                    if (call >= 0)
                    {
                        latency.Record(start);
                    }
                }

                var plans = last!.Cells.Single(c => c.Measure == "cp-plans" && c.Period == "2026-03-31" && c.Borough == "partnership" && c.Breakdown.Length == 0).Count;
                results.Add((size, seconds, latency, plans));
                Console.WriteLine(Line(size, seconds, latency));
                if (plans != size)
                {
                    Console.Error.WriteLine($"The dataset counts {plans} children on a plan at 31 March 2026; {size} were pushed, each with an open plan.");
                    return 1;
                }
            }

            Console.WriteLine();
            Console.WriteLine("datasets: DatasetService.GetDataset (5 measures x 5 periods, 6 boroughs + partnership, by age band) on the hub host + Azurite on 127.0.0.1");
            Console.WriteLine($"machine       {Environment.ProcessorCount} cores; load average {ProcessCpu.LoadAverage()} (1, 5, 15 min)");
            foreach (var (children, seconds, latency, _) in results)
            {
                Console.WriteLine(Line(children, seconds, latency));
            }

            var ratio = results[^1].Latency.Percentile(50) / results[0].Latency.Percentile(50);
            Console.WriteLine($"largest / smallest p50 = {ratio:F2} (target: at most 1.5; p99 target: under 50 ms)");
            return 0;
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }

    private static string Line(int children, double seconds, LatencyHistogram latency) =>
        $"{children,9} children  seeded in {seconds,6:F0} s   p50 {latency.Percentile(50),6:F2} ms   p99 {latency.Percentile(99),6:F2} ms   max {latency.MaxMilliseconds,6:F2} ms   ({latency.Count} calls)";

    private static GetDatasetRequest Request() => new()
    {
        Measures = { "cp-plans", "looked-after", "referrals", "s47-enquiries", "assessments-on-time" },
        FinancialYears = { 2021, 2022, 2023, 2024, 2025 },
        AsAtDates = { "2022-03-31", "2023-03-31", "2024-03-31", "2025-03-31", "2026-03-31" },
        Breakdowns = { "age-band" },
        IncludePartnership = true,
    };

    /// <summary>Pushes the borough's share of children <paramref name="from"/> to <paramref name="to"/> (every sixth).</summary>
    private static async Task Seed(SyncService.SyncServiceClient client, Metadata headers, string borough, int index, int from, int to, int inFlight)
    {
        using var window = new SemaphoreSlim(inFlight);
        using var call = client.Push(headers);
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var rejected = call.ResponseStream.Current.Outcomes.FirstOrDefault(o => o.Outcome == ChangeOutcome.Rejected);
                if (rejected is not null)
                {
                    throw new InvalidOperationException($"{rejected.SourceId} rejected: {string.Join("; ", rejected.Reasons.Select(r => r.Field + " " + r.Description))}");
                }

                window.Release();
            }
        });
        var children = Enumerable.Range(from, to - from).Where(i => i % Boroughs.Length == index);
        foreach (var batch in children.Chunk(125))
        {
            await window.WaitAsync();
            await call.RequestStream.WriteAsync(new PushRequest { Records = { batch.SelectMany(i => Child(borough, i)) } });
        }

        await call.RequestStream.CompleteAsync();
        await reading;
    }

    /// <summary>A child's details and records: at most 4 changes, so a batch of 125 children stays within 500.</summary>
    private static IEnumerable<ChangeRecord> Child(string borough, int i)
    {
        var random = new Random(i);
        var caseId = $"B{i:D7}";
        var start = new DateOnly(2020, 4, 1).AddDays(random.Next(2000));
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd");
        ChangeRecord Record(string kind, CareRecordKind type, CareRecordBody body) =>
            new() { SourceId = $"{kind}-{caseId}", Version = "1", Kind = type, ChildCaseId = caseId, CareRecord = body };

        yield return new ChangeRecord
        {
            SourceId = "PERSON-" + caseId,
            Version = "1",
            ChildCaseId = caseId,
            Child = new ChildDetails { GivenName = "Bench", FamilyName = "Child", BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = Day(new DateOnly(2008, 1, 1).AddDays(random.Next(6000))) } },
        };
        yield return Record("REF", CareRecordKind.Referral, new CareRecordBody { Referral = new Referral { ReferralDate = Day(start), Source = "2A" } });
        yield return Record("PLAN", CareRecordKind.Plan, new CareRecordBody
        {
            Plan = new Plan { Type = PlanType.ChildProtection, StartDate = Day(start < new DateOnly(2026, 3, 1) ? start : new DateOnly(2026, 3, 1)), InitialCategory = "NEG", LatestCategory = "EMO" },
        });
        if (i % 5 < 2)
        {
            yield return Record("EP", CareRecordKind.CareEpisode, new CareRecordBody
            {
                CareEpisode = new CareEpisode { StartDate = Day(start), ReasonForNewEpisode = "S", LegalStatus = "C2", PlacementType = "U3", Provider = "PR1", PostcodeDistrict = "W6" },
            });
        }
    }
}
