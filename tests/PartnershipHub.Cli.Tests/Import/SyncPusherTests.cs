using Grpc.Core;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;

namespace PartnershipHub.Cli.Tests.Import;

/// <summary>
/// The one push loop (<c>phub import</c>, <c>phub demo seed</c>, tests and benchmarks) against a hub that is slow
/// with some records: what it answers RESEND is sent again at once, before anything after it, each batch's answer
/// reaches the caller before the next is sent, and a hub that keeps asking is given up on.
/// </summary>
public sealed class SyncPusherTests
{
    private static readonly ResendPolicy NoPause = new(3, TimeSpan.Zero);

    [Fact]
    public async Task Records_answered_resend_are_sent_again_before_the_rest_and_each_settles_once()
    {
        // r2 is not finished in its first batch, r3 in its first two; the hub had stored r2 after all (DUPLICATE).
        var hub = new SlowHub(new Dictionary<string, int> { ["r2"] = 1, ["r3"] = 2 }, storedAnyway: ["r2"]);
        var changes = Enumerable.Range(1, 7).Select(i => new ChangeRecord { SourceId = $"r{i}", Version = "v1" }).ToList();
        var reported = new List<PushedBatch<ChangeRecord>>();

        await SyncPusher.Push(hub, [], changes, c => c, batchSize: 3, NoPause, batch =>
        {
            Assert.Equal(reported.Sum(b => b.Sent) + batch.Sent, hub.Batches.Sum(b => b.Count));
            reported.Add(batch);
            return Task.CompletedTask;
        });

        Assert.Equal(["r1 r2 r3", "r2 r3", "r3", "r4 r5 r6", "r7"], hub.Batches.Select(b => string.Join(' ', b)));
        Assert.Equal([2, 1, 0, 0, 0], reported.Select(b => b.Resend));
        var settled = reported.SelectMany(b => b.Settled).ToList();
        Assert.Equal(["r1", "r2", "r3", "r4", "r5", "r6", "r7"], settled.Select(s => s.Item.SourceId));
        Assert.All(settled, s => Assert.Equal(s.Item.SourceId, s.Outcome.SourceId));
        Assert.Equal(ChangeOutcome.Duplicate, settled.Single(s => s.Item.SourceId == "r2").Outcome.Outcome);
        Assert.Equal(6, settled.Count(s => s.Outcome.Outcome == ChangeOutcome.Applied));
        Assert.True(hub.Completed);

        var result = await SyncPusher.PushAll(new SlowHub(new Dictionary<string, int> { ["r5"] = 2 }, storedAnyway: []), [], changes, batchSize: 2);
        Assert.Equal((7, 2), (result.Outcomes.Count, result.Resent));
        Assert.DoesNotContain(result.Outcomes, o => o.Outcome == ChangeOutcome.Resend);
    }

    [Fact]
    public async Task A_hub_that_keeps_answering_resend_is_given_up_on_after_what_it_settled_was_reported()
    {
        var hub = new SlowHub(new Dictionary<string, int> { ["r2"] = int.MaxValue }, storedAnyway: []);
        var settled = new List<string>();
        var changes = Enumerable.Range(1, 4).Select(i => new ChangeRecord { SourceId = $"r{i}", Version = "v1" });

        var error = await Assert.ThrowsAsync<RpcException>(() => SyncPusher.Push(hub, [], changes, c => c, batchSize: 2, NoPause, batch =>
        {
            settled.AddRange(batch.Settled.Select(s => s.Item.SourceId));
            return Task.CompletedTask;
        }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("3 times in a row", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["r1"], settled);
        Assert.Equal(1 + NoPause.MaxInARow, hub.Batches.Count);
        Assert.DoesNotContain(hub.Batches, b => b.Contains("r3"));
    }

    /// <summary>
    /// A hub answering each record APPLIED once it has been sent more times than it is slow for (RESEND until then),
    /// or DUPLICATE for one it had stored while answering RESEND.
    /// </summary>
    private sealed class SlowHub(IReadOnlyDictionary<string, int> slowFor, HashSet<string> storedAnyway)
        : SyncService.SyncServiceClient, IClientStreamWriter<PushRequest>, IAsyncStreamReader<PushResponse>
    {
        private readonly Dictionary<string, int> sent = [];
        private readonly Queue<PushResponse> answers = new();

        public List<List<string>> Batches { get; } = [];

        public bool Completed { get; private set; }

        public PushResponse Current { get; private set; } = new();

        public WriteOptions? WriteOptions { get; set; }

        public override AsyncDuplexStreamingCall<PushRequest, PushResponse> Push(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            new(this, this, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

        public Task WriteAsync(PushRequest message)
        {
            Batches.Add([.. message.Records.Select(r => r.SourceId)]);
            var response = new PushResponse();
            foreach (var record in message.Records)
            {
                var times = sent[record.SourceId] = sent.GetValueOrDefault(record.SourceId) + 1;
                var outcome = times <= slowFor.GetValueOrDefault(record.SourceId) ? ChangeOutcome.Resend
                    : storedAnyway.Contains(record.SourceId) ? ChangeOutcome.Duplicate
                    : ChangeOutcome.Applied;
                response.Outcomes.Add(new RecordOutcome { SourceId = record.SourceId, Outcome = outcome });
            }

            answers.Enqueue(response);
            return Task.CompletedTask;
        }

        public Task CompleteAsync()
        {
            Completed = true;
            return Task.CompletedTask;
        }

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!answers.TryDequeue(out var next))
            {
                return Task.FromResult(false);
            }

            Current = next;
            return Task.FromResult(true);
        }
    }
}
