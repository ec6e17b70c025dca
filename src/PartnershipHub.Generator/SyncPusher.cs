using Grpc.Core;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Generator;

/// <summary>What a push of many records came to.</summary>
/// <param name="Outcomes">The last outcome of each record (never RESEND), in the order they were settled.</param>
/// <param name="Resent">How many records were sent again because the hub answered RESEND.</param>
public sealed record PushResult(IReadOnlyList<RecordOutcome> Outcomes, int Resent);

/// <summary>The hub's answer to one batch, as a push reports it to its caller.</summary>
/// <typeparam name="T">What the caller pushes, each item carrying one change record.</typeparam>
/// <param name="Sent">How many records the batch sent.</param>
/// <param name="Settled">The records the hub settled (applied, duplicate or rejected) with their outcomes, in the batch's order.</param>
/// <param name="Resend">How many records of the batch the hub answered RESEND; they are sent again next, before anything after them.</param>
public sealed record PushedBatch<T>(int Sent, IReadOnlyList<(T Item, RecordOutcome Outcome)> Settled, int Resend);

/// <summary>How a push treats RESEND: the pause before sending again grows by <paramref name="Pause"/> each time in a row.</summary>
/// <param name="MaxInARow">How many times in a row a batch's RESEND records are sent again before the push gives up.</param>
/// <param name="Pause">The pause before the first resend; the n-th in a row waits n times as long.</param>
public sealed record ResendPolicy(int MaxInARow, TimeSpan Pause)
{
    /// <summary>Tests, benchmarks and the demo: 20 times, 200 ms more each time.</summary>
    public static ResendPolicy Patient { get; } = new(20, TimeSpan.FromMilliseconds(200));
}

/// <summary>
/// Pushes a borough's changes as a careful sync client does: in batches on one stream, reading each answer before
/// sending the next, and sending what the hub answers RESEND again at once, before anything after it (so a record
/// naming another still follows it). The one push loop of the repository: <c>phub import</c>, <c>phub demo seed</c>,
/// the tests and the benchmarks all push through it.
/// </summary>
public static class SyncPusher
{
    /// <summary>Pushes <paramref name="changes"/> in batches of <paramref name="batchSize"/> and returns every record's outcome.</summary>
    public static async Task<PushResult> PushAll(
        SyncService.SyncServiceClient sync, Metadata headers, IEnumerable<ChangeRecord> changes, int batchSize, CancellationToken cancellation = default)
    {
        var outcomes = new List<RecordOutcome>();
        var resent = 0;
        await Push(sync, headers, changes, c => c, batchSize, ResendPolicy.Patient, batch =>
        {
            outcomes.AddRange(batch.Settled.Select(s => s.Outcome));
            resent += batch.Resend;
            return Task.CompletedTask;
        }, cancellation);
        return new PushResult(outcomes, resent);
    }

    /// <summary>
    /// Pushes <paramref name="items"/> (each carrying the change <paramref name="change"/> gives) in batches of
    /// <paramref name="batchSize"/> and calls <paramref name="answered"/> with each batch's answer before sending the
    /// next, so a caller can keep what was acknowledged (a resume file) as it goes. Throws
    /// <see cref="RpcException"/> when the hub does not answer a batch record for record, or answers RESEND more often
    /// in a row than <paramref name="resends"/> allows; everything settled before that has been reported.
    /// </summary>
    public static async Task Push<T>(
        SyncService.SyncServiceClient sync, Metadata headers, IEnumerable<T> items, Func<T, ChangeRecord> change, int batchSize, ResendPolicy resends,
        Func<PushedBatch<T>, Task> answered, CancellationToken cancellation = default)
    {
        using var call = sync.Push(headers, cancellationToken: cancellation);
        var pending = new LinkedList<T[]>(items.Chunk(batchSize));
        var inARow = 0;
        while (pending.First is { } next)
        {
            var batch = next.Value;
            pending.RemoveFirst();
            await call.RequestStream.WriteAsync(new PushRequest { Records = { batch.Select(change) } }, cancellation);
            if (!await call.ResponseStream.MoveNext(cancellation) || call.ResponseStream.Current.Outcomes.Count != batch.Length)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The hub did not answer a batch with one outcome per record."));
            }

            var answers = batch.Zip(call.ResponseStream.Current.Outcomes).ToList();
            var again = answers.Where(a => a.Second.Outcome == ChangeOutcome.Resend).Select(a => a.First).ToArray();
            await answered(new PushedBatch<T>(batch.Length, [.. answers.Where(a => a.Second.Outcome != ChangeOutcome.Resend)], again.Length));
            if (again.Length == 0)
            {
                inARow = 0;
                continue;
            }

            if (++inARow > resends.MaxInARow)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"The hub asked for the same records to be sent again {resends.MaxInARow} times in a row."));
            }

            // Give a slow hub a moment, longer each time it is still behind.
            await Task.Delay(resends.Pause * inARow, cancellation);
            pending.AddFirst(again);
        }

        await call.RequestStream.CompleteAsync();
        await call.ResponseStream.MoveNext(cancellation);
    }
}
