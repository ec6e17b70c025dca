using System.Diagnostics;
using Azure.Data.Tables;
using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// Case-system sync throughput: a borough's sync service pushes N referral records through the streaming call into the
/// real hub on a real Azurite, then the same machine batch-upserts N entities into the same Azurite with
/// Azure.Data.Tables alone, for the raw rate the hub is compared with.
/// </summary>
public static class SyncPushBenchmark
{
    /// <summary>The options, for the usage text.</summary>
    public const string Usage = "[--records 100000] [--children 1000] [--order by-child|interleaved] [--batch 500] [--in-flight 4] [--raw-parallel 8]";

    private const string Borough = "E09000033";
    private const int RawTransaction = 100;

    /// <summary>Runs both measurements and prints them side by side; exit code 0 when every record was applied.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var records = arguments.PositiveInt("records", 100_000);
        var children = arguments.PositiveInt("children", 1000);
        var order = arguments.Choice("order", "by-child", "interleaved");
        var batchSize = arguments.PositiveInt("batch", 500);
        var inFlight = arguments.PositiveInt("in-flight", 4);
        var rawParallel = arguments.PositiveInt("raw-parallel", 8);
        arguments.RejectUnknown();

        Console.WriteLine("Starting Azurite and the hub host on loopback...");
        var storage = new AzuriteServer();
        try
        {
            await storage.InitializeAsync();
            await using var hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
            await hub.StartAsync();
            using var channel = hub.Channel();
            var sync = hub.As(Borough, "borough-sync", "bench-sync");
            Console.WriteLine($"Registering {children} children with case ids...");
            var caseIds = await RegisterChildren(new ChildrenService.ChildrenServiceClient(channel), sync, children);

            Console.WriteLine($"Pushing {records} records in batches of {batchSize}, {inFlight} batches in flight...");
            var cpuBefore = ProcessCpu.Snapshot();
            var (pushElapsed, outcomes) = await Push(new SyncService.SyncServiceClient(channel), sync, Records(caseIds, records, interleaved: order == "interleaved"), batchSize, inFlight);
            var pushCpu = ProcessCpu.Snapshot().Since(cpuBefore);

            Console.WriteLine($"Batch-upserting {records} entities into the same Azurite with Azure.Data.Tables, {rawParallel} transactions in flight...");
            var rawElapsed = await UpsertRaw(new TableServiceClient(storage.ConnectionString), records, children, rawParallel);

            var pushRate = records / pushElapsed.TotalSeconds;
            var rawRate = records / rawElapsed.TotalSeconds;
            var applied = outcomes.GetValueOrDefault(ChangeOutcome.Applied);
            Console.WriteLine();
            Console.WriteLine($"sync-push: SyncService.Push into the hub host + Azurite on 127.0.0.1, against raw Azure.Data.Tables batch upserts");
            Console.WriteLine($"machine       {Environment.ProcessorCount} cores; load average {ProcessCpu.LoadAverage()} (1, 5, 15 min)");
            Console.WriteLine($"records       {records} referrals for {children} children, {order}, batches of {batchSize}, {inFlight} in flight");
            Console.WriteLine($"outcomes      {string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}"))}");
            Console.WriteLine($"hub push      {pushElapsed.TotalSeconds:F1} s = {pushRate:F0} records/s");
            Console.WriteLine($"cpu per 1000  {string.Join(", ", pushCpu.Select(c => $"{c.Key} {c.Value.TotalMilliseconds * 1000 / records:F0} ms"))} (push phase)");
            Console.WriteLine($"raw upsert    {rawElapsed.TotalSeconds:F1} s = {rawRate:F0} entities/s ({RawTransaction} per transaction, one partition per child, {rawParallel} in flight)");
            Console.WriteLine($"ratio         hub / raw = {pushRate / rawRate:P0} (target: at least 50%)");
            return applied == records ? 0 : 1;
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }

    private static async Task<List<string>> RegisterChildren(ChildrenService.ChildrenServiceClient client, Metadata headers, int count)
    {
        var caseIds = Enumerable.Range(0, count).Select(i => $"BENCH-{i:D6}").ToList();
        var nhs = new Random(17);
        await Parallel.ForEachAsync(caseIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (caseId, token) =>
        {
            var request = new RegisterChildRequest
            {
                ResponsibleBorough = Borough,
                GivenName = "Bench",
                FamilyName = "Child",
                BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2015-06-01" },
                Identifiers = new ChildIdentifiers { BoroughCaseIds = { new BoroughCaseId { Borough = Borough, CaseId = caseId } } },
            };
            await client.RegisterChildAsync(request, headers, cancellationToken: token);
        });
        return caseIds;
    }

    /// <summary>
    /// The records: each child's referrals on consecutive days, listed child by child as a case system's export lists
    /// them, or interleaved so that every record of a batch is about a different child (the hub's worst case: one
    /// child write and one audit append per record).
    /// </summary>
    private static IEnumerable<ChangeRecord> Records(IReadOnlyList<string> caseIds, int count, bool interleaved)
    {
        var perChild = (count + caseIds.Count - 1) / caseIds.Count;
        for (var i = 0; i < count; i++)
        {
            var (child, nth) = interleaved ? (i % caseIds.Count, i / caseIds.Count) : (i / perChild, i % perChild);
            var caseId = caseIds[child];
            var day = new DateOnly(2000, 1, 1).AddDays(nth);
            yield return new ChangeRecord
            {
                SourceId = $"REF-{i:D7}",
                Version = "1",
                Kind = CareRecordKind.Referral,
                ChildCaseId = caseId,
                CareRecord = new CareRecordBody { Referral = new Referral { ReferralDate = day.ToString("yyyy-MM-dd"), Source = "2A" } },
            };
        }
    }

    /// <summary>Sends every batch, at most <paramref name="inFlight"/> unanswered, and counts the outcomes.</summary>
    private static async Task<(TimeSpan Elapsed, Dictionary<ChangeOutcome, int> Outcomes)> Push(
        SyncService.SyncServiceClient client, Metadata headers, IEnumerable<ChangeRecord> records, int batchSize, int inFlight)
    {
        var outcomes = new Dictionary<ChangeOutcome, int>();
        using var window = new SemaphoreSlim(inFlight);
        var watch = Stopwatch.StartNew();
        using var call = client.Push(headers);
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                foreach (var outcome in call.ResponseStream.Current.Outcomes)
                {
                    outcomes[outcome.Outcome] = outcomes.GetValueOrDefault(outcome.Outcome) + 1;
                }

                window.Release();
            }
        });
        foreach (var batch in records.Chunk(batchSize))
        {
            await window.WaitAsync();
            await call.RequestStream.WriteAsync(new PushRequest { Records = { batch } });
        }

        await call.RequestStream.CompleteAsync();
        await reading;
        return (watch.Elapsed, outcomes);
    }

    /// <summary>Upserts entities shaped like a stored record (a partition per child, a JSON payload) in transactions of 100.</summary>
    private static async Task<TimeSpan> UpsertRaw(TableServiceClient service, int count, int partitions, int parallel)
    {
        var table = service.GetTableClient("RawUpsertBench");
        await table.CreateIfNotExistsAsync();
        var payload = new string('x', 300);
        var perPartition = (count + partitions - 1) / partitions;
        var transactions = Enumerable.Range(0, count)
            .Select(i => new TableEntity($"child-{i / perPartition:D6}", $"{i:D7}") { ["Data"] = payload })
            .GroupBy(e => e.PartitionKey)
            .SelectMany(p => p.Chunk(RawTransaction))
            .ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (entities, token) =>
            await table.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token));
        return watch.Elapsed;
    }
}
