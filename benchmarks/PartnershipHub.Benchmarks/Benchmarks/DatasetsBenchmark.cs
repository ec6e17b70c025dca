using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Api.Care;
using PartnershipHub.Api.Datasets;
using IdentifiedRecord = PartnershipHub.Domain.Care.IdentifiedRecord;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Validation;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// The latency of <c>DatasetService/GetDataset</c> as the population grows. First <c>--pushed</c> children go through
/// the boroughs' sync call, the real incremental path (each child's grain works out its contributions and sends the
/// difference through a collector to the totals), and the benchmark checks that the totals then hold, cell for cell,
/// what its own computation of those children's contributions gives. The population then grows by steps of ten
/// (10,000, 100,000, 1,000,000) with children whose contributions the benchmark works out itself, with the hub's
/// own code (<see cref="CareMessages"/>, <see cref="ChildContributions"/>), and hands to the hub's collectors as an
/// Orleans client: pushing a million children through sync would take this machine most of a day, and no child's
/// grain is read by a dataset (the hub opens its gateway for this with mutual TLS, and the benchmark holds the cluster
/// certificate it made). At each step one analyst asks for the same five-year dataset again and again over gRPC,
/// the real query path, and the board's performance pack asks for its page's figures (<c>GET /pack/data</c>, seven
/// tables, one audit record a view) over HTTP with a signed-in session, as the browser does. Azurite holds the tables
/// in memory unless <c>--azurite persisted</c>.
/// </summary>
public static class DatasetsBenchmark
{
    /// <summary>The options.</summary>
    public const string Usage = "[--pushed 1000] [--smallest 10000] [--largest 1000000] [--calls 300] [--warmup 100] [--azurite in-memory|persisted] | --data-folder DIR [--calls 300] [--warmup 100]";

    private static readonly string[] Boroughs = ["E09000013", "E09000020", "E09000033", "E09000009", "E09000018", "E09000005"];

    /// <summary>Generated children whose contributions go to the collectors as one sum.</summary>
    private const int ChildrenPerDelivery = 500;

    /// <summary>Runs the benchmark.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var pushed = arguments.PositiveInt("pushed", 1_000);
        var smallest = arguments.PositiveInt("smallest", 10_000);
        var largest = arguments.PositiveInt("largest", 1_000_000);
        var calls = arguments.PositiveInt("calls", 300);
        var warmup = arguments.PositiveInt("warmup", 100);
        var azurite = arguments.Choice("azurite", "in-memory", "persisted");
        var dataFolder = arguments.Text("data-folder");
        arguments.RejectUnknown();
        if (dataFolder is not null)
        {
            return await MeasureKeptStore(dataFolder, calls, warmup);
        }

        if (pushed > smallest)
        {
            Console.Error.WriteLine("--pushed must not be more than --smallest.");
            return 2;
        }

        Console.WriteLine($"Starting Azurite ({azurite}) and the hub host on loopback...");
        var storage = new AzuriteServer { InMemory = azurite == "in-memory" };
        try
        {
            await storage.InitializeAsync();
            // The collectors are reached as an Orleans client, through the gateway the hub opens only with mutual TLS:
            // the benchmark makes its own cluster certificate and gives it to the hub.
            using var certificates = new TestCertificates("PartnershipHub benchmark cluster CA");
            using var clusterCertificate = certificates.Issue("partnershiphub-cluster");
            var (certificatePath, keyPath) = certificates.WritePem(clusterCertificate, "cluster");
            await using var hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub")) { OpensGateway = true, ServesWebPage = true };
            hub.Settings["ClusterTls__CertificatePath"] = certificatePath;
            hub.Settings["ClusterTls__KeyPath"] = keyPath;
            hub.Settings["ClusterTls__AuthorityPath"] = certificates.AuthorityPath;
            await hub.StartAsync();
            using var orleans = await GatewayClient.ConnectAsync(
                hub.GatewayPort, "partnershiphub", "local", clusterCertificate, certificates.Authority,
                client => client.Services.AddSerializer(serializer => serializer.AddHubDomainTypes()));
            var grains = orleans.Services.GetRequiredService<IClusterClient>();
            using var channel = hub.Channel();

            Console.WriteLine($"Pushing children 0 to {pushed - 1} through SyncService.Push...");
            var watch = Stopwatch.StartNew();
            var resent = await Push(new SyncService.SyncServiceClient(channel), hub, pushed);
            var pushSeconds = watch.Elapsed.TotalSeconds;
            var expected = ContributionsOf(0, pushed);
            var differences = Contributions.Difference(expected, await TotalsCheck.Held(grains, Boroughs));
            Console.WriteLine($"Pushed {pushed} children in {pushSeconds:F0} s ({pushed / pushSeconds:F0} children/s; {resent} records sent again when the hub answered RESEND); the totals differ from the benchmark's own computation in {differences.Count} of {expected.Count} cells.");
            if (differences.Count > 0)
            {
                Console.Error.WriteLine($"The pushed children's totals are not what their records give, e.g. {string.Join(", ", differences.Take(5))}.");
                return 1;
            }

            var datasets = new DatasetService.DatasetServiceClient(channel);
            var analyst = hub.As("lscp", "partnership-analyst");
            using var pack = await PackSession(hub);
            var results = new List<(int Children, double Seconds, LatencyHistogram Latency, LatencyHistogram Pack)>();
            var seeded = pushed;
            for (var size = smallest; size <= largest; size *= 10)
            {
                Console.WriteLine($"Handing children {seeded} to {size - 1} to the collectors...");
                watch.Restart();
                await Deliver(grains, seeded, size);
                var seconds = watch.Elapsed.TotalSeconds;
                seeded = size;

                Console.WriteLine($"Measuring {calls} datasets at {size} children...");
                var latency = new LatencyHistogram(TimeSpan.FromSeconds(10));
                GetDatasetResponse? last = null;
                for (var call = -warmup; call < calls; call++)
                {
                    var start = Stopwatch.GetTimestamp();
                    last = await datasets.GetDatasetAsync(Request(), analyst);
                    if (call >= 0)
                    {
                        latency.Record(start);
                    }
                }

                var plans = last!.Cells.Single(c => c.Measure == "cp-plans" && c.Period == "2026-03-31" && c.Borough == "partnership" && c.Breakdown.Length == 0).Count;
                Console.WriteLine($"Measuring {calls} performance pack views at {size} children...");
                var packLatency = new LatencyHistogram(TimeSpan.FromSeconds(10));
                string? page = null;
                for (var call = -warmup; call < calls; call++)
                {
                    var start = Stopwatch.GetTimestamp();
                    page = await pack.GetStringAsync("/pack/data?year=2026");
                    if (call >= 0)
                    {
                        packLatency.Record(start);
                    }
                }

                results.Add((size, seconds, latency, packLatency));
                Console.WriteLine(Line(size, seconds, latency));
                Console.WriteLine(PackLine(size, packLatency));
                var packPlans = PackPlans(page!);
                if (plans != size || packPlans != size)
                {
                    Console.Error.WriteLine($"The dataset counts {plans} and the pack {packPlans} children on a plan at 31 March 2026; there are {size}, each with an open plan.");
                    return 1;
                }
            }

            Console.WriteLine();
            Console.WriteLine("datasets: DatasetService.GetDataset (5 measures x 5 periods, 6 boroughs + partnership, by age band) on the hub host + Azurite on 127.0.0.1");
            Console.WriteLine($"machine       {Environment.ProcessorCount} cores; load average {ProcessCpu.LoadAverage()} (1, 5, 15 min)");
            Console.WriteLine($"pushed        {pushed} children through SyncService.Push in {pushSeconds:F0} s; totals equal to the benchmark's computation in all {expected.Count} cells");
            foreach (var (children, seconds, latency, _) in results)
            {
                Console.WriteLine(Line(children, seconds, latency));
            }

            var ratio = results[^1].Latency.Percentile(50) / results[0].Latency.Percentile(50);
            Console.WriteLine($"largest / smallest p50 = {ratio:F2} (target: at most 1.5; p99 target: under 50 ms)");
            Console.WriteLine("performance pack: GET /pack/data?year=2026 (7 tables: 12 measures, 5 as-at dates and a year, 6 boroughs + partnership; one audit record), signed-in session, HTTP/1.1");
            foreach (var (children, _, _, packLatency) in results)
            {
                Console.WriteLine(PackLine(children, packLatency));
            }

            Console.WriteLine("(target: a full pack's data under 100 ms at 110,000 children)");
            return 0;
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }

    /// <summary>
    /// Hands the contributions of children <paramref name="from"/> to <paramref name="to"/> to the collectors, summed by
    /// <see cref="ChildrenPerDelivery"/>, each sum as the one change of a child id of its own.
    /// </summary>
    private static async Task Deliver(IGrainFactory grains, int from, int to)
    {
        var starts = Enumerable.Range(0, (to - from + ChildrenPerDelivery - 1) / ChildrenPerDelivery).Select(n => from + (n * ChildrenPerDelivery));
        await Parallel.ForEachAsync(starts, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (first, _) =>
        {
            var sender = $"bench-generated-{first}";
            var sum = ContributionsOf(first, Math.Min(first + ChildrenPerDelivery, to));
            await grains.GetGrain<IMeasureCollectorGrain>(MeasureCollectors.Of(sender)).Apply(sender, [new NumberedChanges(1, sum)]);
        });
    }

    /// <summary>The sum of the contributions of children <paramref name="from"/> to <paramref name="to"/>, worked out as the hub does.</summary>
    private static Dictionary<string, long> ContributionsOf(int from, int to)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = from; i < to; i++)
        {
            var borough = Boroughs[i % Boroughs.Length];
            var records = Child(borough, i).ToList();
            var details = records[0].Child;
            var standing = records.Skip(1).Select(r => new IdentifiedRecord(r.SourceId, CareMessages.ToDomain(r.CareRecord, today, new Violations())
                ?? throw new InvalidOperationException($"{r.SourceId} is not a valid record."))).ToList();
            Contributions.AddInto(sum, ChildContributions.Of(new ChildFacts(borough, DateOnly.Parse(details.BirthDate.Date, CultureInfo.InvariantCulture), standing, [])));
        }

        return sum;
    }

    /// <summary>
    /// <c>--data-folder</c>: a hub on an embedded store seeded before (e.g. by mash-view, whose children were pushed
    /// through sync, so their figures are in the totals), the dataset and the pack's page data measured on what it
    /// holds. The hub writes an audit record a pack view into it: give it a copy.
    /// </summary>
    private static async Task<int> MeasureKeptStore(string dataFolder, int calls, int warmup)
    {
        await using var hub = new HubProcess(Path.GetFullPath(dataFolder)) { ServesWebPage = true };
        Console.WriteLine($"Starting the hub on the embedded store in {hub.DataFolder}...");
        await hub.StartAsync();
        using var channel = hub.Channel();
        var datasets = new DatasetService.DatasetServiceClient(channel);
        var analyst = hub.As("lscp", "partnership-analyst");
        using var pack = await PackSession(hub);
        var latency = new LatencyHistogram(TimeSpan.FromSeconds(10));
        var packLatency = new LatencyHistogram(TimeSpan.FromSeconds(10));
        for (var call = -warmup; call < calls; call++)
        {
            var start = Stopwatch.GetTimestamp();
            await datasets.GetDatasetAsync(Request(), analyst);
            if (call >= 0)
            {
                latency.Record(start);
            }
        }

        for (var call = -warmup; call < calls; call++)
        {
            var start = Stopwatch.GetTimestamp();
            await pack.GetStringAsync("/pack/data?year=2026");
            if (call >= 0)
            {
                packLatency.Record(start);
            }
        }

        var rosters = new ChildrenService.ChildrenServiceClient(channel);
        var children = 0;
        foreach (var borough in Boroughs)
        {
            children += (await rosters.ListBoroughChildrenAsync(new ListBoroughChildrenRequest { Borough = borough, PageSize = 1 }, hub.As(borough, "mash-practitioner", "bench"))).TotalSize;
        }

        Console.WriteLine();
        Console.WriteLine($"datasets on the embedded store in {hub.DataFolder} ({new FileInfo(hub.Database).Length / 1_000_000} MB hub.db)");
        Console.WriteLine($"machine       {Environment.ProcessorCount} cores; load average {ProcessCpu.LoadAverage()} (1, 5, 15 min)");
        Console.WriteLine($"children      {children} on the six boroughs' rosters");
        Console.WriteLine($"GetDataset (5 measures x 5 periods, by age band)   p50 {latency.Percentile(50),6:F2} ms   p99 {latency.Percentile(99),6:F2} ms   max {latency.MaxMilliseconds,6:F2} ms   ({latency.Count} calls)");
        Console.WriteLine($"pack page data (GET /pack/data, 7 tables, audited) p50 {packLatency.Percentile(50),6:F2} ms   p99 {packLatency.Percentile(99),6:F2} ms   max {packLatency.MaxMilliseconds,6:F2} ms   ({packLatency.Count} views)");
        Console.WriteLine("(target: a full pack's data under 100 ms at 110,000 children)");
        return 0;
    }

    /// <summary>
    /// An HTTP client signed in to the hub's performance pack as a partnership analyst, through the page's own local
    /// sign-in (a token of the hub's key posted once; the session cookie is kept).
    /// </summary>
    private static async Task<HttpClient> PackSession(HubProcess hub)
    {
        var web = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{hub.WebPort}"),
        };
        var token = Cli.LocalTokenIssuer.Issue(hub.DataFolder, "lscp", "partnership-analyst", "bench.pack", TimeSpan.FromHours(12));
        var signedIn = await PackForms.SignIn(web, token);
        if (signedIn.Headers.Location?.OriginalString != "/pack")
        {
            web.Dispose();
            throw new InvalidOperationException($"The performance pack did not sign the benchmark in: {signedIn.StatusCode} {signedIn.Headers.Location}.");
        }

        return web;
    }

    /// <summary>The partnership's children on a plan at 31 March 2026 in the pack's first table.</summary>
    private static long? PackPlans(string page)
    {
        var cells = System.Text.Json.Nodes.JsonNode.Parse(page)!["tables"]![0]!["answer"]!["cells"]!.AsArray();
        var cell = cells.SingleOrDefault(c => (string?)c!["period"] == "2026-03-31" && (string?)c["borough"] == "partnership" && c["breakdown"] is null);
        return cell?["count"] is { } count ? long.Parse((string)count!, CultureInfo.InvariantCulture) : null;
    }

    private static string PackLine(int children, LatencyHistogram latency) =>
        $"{children,9} children  pack page data   p50 {latency.Percentile(50),6:F2} ms   p99 {latency.Percentile(99),6:F2} ms   max {latency.MaxMilliseconds,6:F2} ms   ({latency.Count} views)";

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

    /// <summary>
    /// Pushes children 0 to <paramref name="children"/> - 1 through sync, every sixth by each borough at once, through the
    /// repository's one push loop (<see cref="SyncPusher"/>): what the hub answers RESEND is sent again, so every record
    /// is settled. Fails on any record rejected; returns how many records were sent again.
    /// </summary>
    private static async Task<int> Push(SyncService.SyncServiceClient sync, HubProcess hub, int children)
    {
        var pushes = await Task.WhenAll(Boroughs.Select((borough, index) => SyncPusher.PushAll(sync, hub.As(borough, "borough-sync", "bench"),
            Enumerable.Range(0, children).Where(i => i % Boroughs.Length == index).SelectMany(i => Child(borough, i)), RequestLimits.SyncBatch)));
        if (pushes.SelectMany(p => p.Outcomes).FirstOrDefault(o => o.Outcome == ChangeOutcome.Rejected) is { } rejected)
        {
            throw new InvalidOperationException($"{rejected.SourceId} rejected: {string.Join("; ", rejected.Reasons.Select(r => r.Field + " " + r.Description))}");
        }

        return pushes.Sum(p => p.Resent);
    }

    /// <summary>A child's details and records: at most 4 changes.</summary>
    private static IEnumerable<ChangeRecord> Child(string borough, int i)
    {
        var random = new Random(i);
        var caseId = $"B{i:D7}";
        var start = new DateOnly(2020, 4, 1).AddDays(random.Next(2000));
        var born = new DateOnly(2008, 1, 1).AddDays(random.Next(6000));
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd");
        ChangeRecord Record(string kind, CareRecordKind type, CareRecordBody body) =>
            new() { SourceId = $"{kind}-{caseId}", Version = "1", Kind = type, ChildCaseId = caseId, CareRecord = body };

        yield return new ChangeRecord
        {
            SourceId = "PERSON-" + caseId,
            Version = "1",
            ChildCaseId = caseId,
            Child = new ChildDetails { GivenName = "Bench", FamilyName = "Child", BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = Day(born) } },
        };
        yield return Record("REF", CareRecordKind.Referral, new CareRecordBody { Referral = new Referral { ReferralDate = Day(start), Source = "2A" } });
        yield return Record("PLAN", CareRecordKind.Plan, new CareRecordBody
        {
            Plan = new Plan { Type = PlanType.ChildProtection, StartDate = Day(start < new DateOnly(2026, 3, 1) ? start : new DateOnly(2026, 3, 1)), InitialCategory = "NEG", LatestCategory = "EMO" },
        });
        if (i % 5 < 2)
        {
            // A referral or a plan may come before the child is born; an episode of care cannot (the hub refuses it).
            yield return Record("EP", CareRecordKind.CareEpisode, new CareRecordBody
            {
                CareEpisode = new CareEpisode { StartDate = Day(start > born ? start : born), ReasonForNewEpisode = "S", LegalStatus = "C2", PlacementType = "U3", Provider = "PR1", PostcodeDistrict = "W6" },
            });
        }
    }
}
