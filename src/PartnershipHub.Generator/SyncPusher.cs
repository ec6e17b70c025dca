using Grpc.Core;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Generator;

/// <summary>What a push of many records came to.</summary>
/// <param name="Outcomes">The last outcome of each record (never RESEND), in the order they were settled.</param>
/// <param name="Resent">How many records were sent again because the hub answered RESEND.</param>
public sealed record PushResult(IReadOnlyList<RecordOutcome> Outcomes, int Resent);

/// <summary>
/// Pushes a borough's changes as a careful sync client does: in batches on one stream, reading each answer before
/// sending the next, and sending what the hub answers RESEND again at once, before anything after it (so a record
/// naming another still follows it).
/// </summary>
public static class SyncPusher
{
    /// <summary>How many times in a row a batch's RESEND records are sent again before giving up.</summary>
    public const int MaxResends = 20;

    /// <summary>Pushes <paramref name="changes"/> in batches of <paramref name="batchSize"/> and returns every record's outcome.</summary>
    public static async Task<PushResult> PushAll(
        SyncService.SyncServiceClient sync, Metadata headers, IEnumerable<ChangeRecord> changes, int batchSize, CancellationToken cancellation = default)
    {
        using var call = sync.Push(headers, cancellationToken: cancellation);
        var pending = new LinkedList<ChangeRecord[]>(changes.Chunk(batchSize));
        var outcomes = new List<RecordOutcome>();
        var (resent, inARow) = (0, 0);
        while (pending.First is { } next)
        {
            pending.RemoveFirst();
            await call.RequestStream.WriteAsync(new PushRequest { Records = { next.Value } }, cancellation);
            if (!await call.ResponseStream.MoveNext(cancellation) || call.ResponseStream.Current.Outcomes.Count != next.Value.Length)
            {
                throw new RpcException(new Status(StatusCode.Internal, "the hub did not answer a batch with one outcome per record"));
            }

            var answers = call.ResponseStream.Current.Outcomes;
            outcomes.AddRange(answers.Where(o => o.Outcome != ChangeOutcome.Resend));
            var again = next.Value.Zip(answers).Where(p => p.Second.Outcome == ChangeOutcome.Resend).Select(p => p.First).ToArray();
            if (again.Length == 0)
            {
                inARow = 0;
                continue;
            }

            if (++inARow > MaxResends)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"the hub asked for the same records {MaxResends} times in a row"));
            }

            resent += again.Length;
            await Task.Delay(TimeSpan.FromMilliseconds(200 * inARow), cancellation);
            pending.AddFirst(again);
        }

        await call.RequestStream.CompleteAsync();
        await call.ResponseStream.MoveNext(cancellation);
        return new PushResult(outcomes, resent);
    }
}
