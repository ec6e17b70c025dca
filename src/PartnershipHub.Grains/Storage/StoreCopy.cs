using System.Diagnostics;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Grains.Storage;

/// <summary>
/// Copies a whole hub store to another backend, with both stores closed to the hub: refuses a destination that
/// holds anything and a source whose audit chains do not verify (nothing is written then), copies every grain state,
/// audit chain and change feed as stored, then checks the destination's counts of each kind against the source's
/// and verifies every audit chain there.
/// </summary>
public static class StoreCopy
{
    /// <summary>How many grain states are written in one call to the destination.</summary>
    private const int StateBatch = 500;

    /// <summary>How many chains or states are written at once.</summary>
    private const int Parallelism = 8;

    /// <summary>Copies <paramref name="source"/> into the empty <paramref name="destination"/>; both must be open.</summary>
    /// <exception cref="StoreCopyRefusedException">The destination is not empty, or a source chain does not verify.</exception>
    /// <exception cref="StoreCopyFailedException">The destination's counts or chains differ from the source's after the copy.</exception>
    public static async Task<StoreCopyResult> CopyAsync(IStoreTransfer source, IStoreTransfer destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var clock = Stopwatch.StartNew();
        var existing = await destination.CountAsync(cancellationToken);
        if (!existing.IsEmpty)
        {
            throw new StoreCopyRefusedException($"The destination {destination.Description} is not empty ({existing}); copy only into an empty store.");
        }

        var counts = await source.CountAsync(cancellationToken);
        var broken = await BrokenChainsAsync(source, cancellationToken);
        if (broken.Count > 0)
        {
            throw new StoreCopyRefusedException(
                $"{broken.Count} audit chain(s) of the source {source.Description} do not verify, so nothing was copied: " +
                string.Join("; ", broken.Take(20)) + (broken.Count > 20 ? "; ..." : string.Empty));
        }

        await CopyGrainStatesAsync(source, destination, cancellationToken);
        await Parallel.ForEachAsync(
            source.ReadAuditSubjectsAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (subject, token) => await destination.WriteAuditChainAsync(
                subject, await ReadChainAsync(source.Audit, subject), (await source.Audit.ReadHeadAsync(subject)).Marks, token));
        await foreach (var feed in source.ReadFeedsAsync(cancellationToken))
        {
            await destination.WriteFeedAsync(feed, cancellationToken);
        }

        var copied = await destination.CountAsync(cancellationToken);
        if (copied != counts)
        {
            throw new StoreCopyFailedException($"The destination holds {copied} after the copy but the source holds {counts}.");
        }

        broken = await BrokenChainsAsync(destination, cancellationToken);
        if (broken.Count > 0)
        {
            throw new StoreCopyFailedException(
                $"{broken.Count} audit chain(s) do not verify at the destination after the copy: " + string.Join("; ", broken.Take(20)));
        }

        return new StoreCopyResult(counts, clock.Elapsed);
    }

    private static async Task CopyGrainStatesAsync(IStoreTransfer source, IStoreTransfer destination, CancellationToken cancellationToken)
    {
        var batch = new List<StoredGrainState>(StateBatch);
        await foreach (var state in source.ReadGrainStatesAsync(cancellationToken))
        {
            batch.Add(state);
            if (batch.Count == StateBatch)
            {
                await destination.WriteGrainStatesAsync(batch, cancellationToken);
                batch = new List<StoredGrainState>(StateBatch);
            }
        }

        if (batch.Count > 0)
        {
            await destination.WriteGrainStatesAsync(batch, cancellationToken);
        }
    }

    /// <summary>Each chain of <paramref name="store"/> that does not verify against its head, with what is wrong.</summary>
    private static async Task<List<string>> BrokenChainsAsync(IStoreTransfer store, CancellationToken cancellationToken)
    {
        var broken = new List<string>();
        await Parallel.ForEachAsync(
            store.ReadAuditSubjectsAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (subject, _) =>
            {
                var head = await store.Audit.ReadHeadAsync(subject);
                var verification = AuditChain.Verify(await ReadChainAsync(store.Audit, subject), head.Sequence, head.Hash);
                if (!verification.Intact)
                {
                    lock (broken)
                    {
                        broken.Add($"{subject}: {verification.Problem}");
                    }
                }
            });
        broken.Sort(StringComparer.Ordinal);
        return broken;
    }

    private static async Task<List<AuditRecord>> ReadChainAsync(IAuditStore audit, string subject)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in audit.ReadAsync(subject, 1))
        {
            records.Add(record);
        }

        return records;
    }
}

/// <summary>What a copy held and how long it took.</summary>
/// <param name="Counts">The rows of each kind copied (the same at source and destination).</param>
/// <param name="Elapsed">The time from the destination's emptiness check to the last chain verified there.</param>
public sealed record StoreCopyResult(StoreCounts Counts, TimeSpan Elapsed);

/// <summary>A copy refused before anything was written.</summary>
/// <param name="message">Why.</param>
public sealed class StoreCopyRefusedException(string message) : Exception(message);

/// <summary>A copy whose destination does not match its source afterwards.</summary>
/// <param name="message">What differs.</param>
public sealed class StoreCopyFailedException(string message) : Exception(message);
