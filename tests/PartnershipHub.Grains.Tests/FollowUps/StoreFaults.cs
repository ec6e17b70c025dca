using System.Collections.Concurrent;
using Orleans.Storage;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// Which writes of the store fail, switched by a test: the grain states of some names (e.g. <c>agency-inbox</c>,
/// <c>child</c>) and the audit trails' appends. A failing write changes nothing and throws
/// <see cref="StoreUnavailableException"/>, as the real store does when its disk fails. Also counts the operations
/// that reach the store, by state name (<c>audit</c> for audit appends).
/// </summary>
public sealed class StoreFaults
{
    /// <summary>Grain state reads and audit head reads that reached the store, by state name.</summary>
    public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    /// <summary>Grain state writes and audit appends that reached the store, by state name.</summary>
    public ConcurrentDictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    /// <summary>The counts for a test's output, e.g. <c>reads audit 1, child 1; writes child 1</c>.</summary>
    public string DescribeCounts() => $"reads {Describe(Reads)}; writes {Describe(Writes)}";

    /// <summary>Forgets the counts.</summary>
    public void ResetCounts()
    {
        Reads.Clear();
        Writes.Clear();
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    private readonly ConcurrentDictionary<string, byte> failingStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeldWrite> held = new(StringComparer.Ordinal);
    private volatile bool failAudit;
    private int refused;

    /// <summary>How many writes were refused so far (a test that injected faults proves they were hit).</summary>
    public int Refused => refused;

    /// <summary>Makes writes of the grain states named fail.</summary>
    public void FailStates(params string[] stateNames)
    {
        foreach (var name in stateNames)
        {
            failingStates[name] = 0;
        }
    }

    /// <summary>Makes writes of the grain state named fail for the one grain keyed <paramref name="key"/> (a borough's register, say).</summary>
    public void FailState(string stateName, string key) => failingStates[$"{stateName}/{key}"] = 0;

    /// <summary>
    /// Holds the next write of the grain state named for the one grain keyed <paramref name="key"/> until the test lets
    /// it go, then fails it (a slow disk that gives up); later writes go through.
    /// </summary>
    public HeldWrite HoldNextWrite(string stateName, string key) => held[$"{stateName}/{key}"] = new HeldWrite();

    /// <summary>Makes every audit append fail.</summary>
    public void FailAudit() => failAudit = true;

    /// <summary>Lets every write through again.</summary>
    public void Heal()
    {
        failingStates.Clear();
        failAudit = false;
    }

    internal async Task ThrowIfHeld(string stateName, GrainId grainId)
    {
        if (held.TryRemove($"{stateName}/{grainId.Key}", out var write))
        {
            await write.Hold();
            Interlocked.Increment(ref refused);
            throw new StoreUnavailableException($"Injected: a write of '{stateName}' was held, then failed.");
        }
    }

    internal void ThrowIfFailing(string stateName, GrainId grainId)
    {
        if (failingStates.ContainsKey(stateName) || failingStates.ContainsKey($"{stateName}/{grainId.Key}"))
        {
            Interlocked.Increment(ref refused);
            throw new StoreUnavailableException($"Injected: writes of '{stateName}' fail.");
        }
    }

    internal void ThrowIfAuditFails()
    {
        if (failAudit)
        {
            Interlocked.Increment(ref refused);
            throw new StoreUnavailableException("Injected: audit appends fail.");
        }
    }
}

/// <summary>A write held by <see cref="StoreFaults.HoldNextWrite"/>: the test sees it reached the store, then lets it go (to fail).</summary>
public sealed class HeldWrite
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the write reached the store and is held.</summary>
    public Task Reached => reached.Task;

    /// <summary>Lets the write go, to fail.</summary>
    public void Release() => released.TrySetResult();

    internal Task Hold()
    {
        reached.TrySetResult();
        return released.Task;
    }
}

/// <summary>The hub's grain storage with the writes <see cref="StoreFaults"/> names failing before they reach it.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StoreFaults faults) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.Reads.AddOrUpdate(stateName, 1, (_, n) => n + 1);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await faults.ThrowIfHeld(stateName, grainId);
        faults.ThrowIfFailing(stateName, grainId);
        faults.Writes.AddOrUpdate(stateName, 1, (_, n) => n + 1);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.ThrowIfFailing(stateName, grainId);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

/// <summary>The audit store with its appends failing while <see cref="StoreFaults.FailAudit"/> holds.</summary>
public sealed class FaultyAuditStore(IAuditStore inner, StoreFaults faults) : IAuditStore
{
    /// <inheritdoc />
    public Task<AuditHead> ReadHeadAsync(string subject)
    {
        faults.Reads.AddOrUpdate("audit", 1, (_, n) => n + 1);
        return inner.ReadHeadAsync(subject);
    }

    /// <inheritdoc />
    public Task<AuditHead> AppendAsync(IReadOnlyList<AuditRecord> records, AuditHead head, DeliveryMarks marks)
    {
        faults.ThrowIfAuditFails();
        faults.Writes.AddOrUpdate("audit", 1, (_, n) => n + 1);
        return inner.AppendAsync(records, head, marks);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AuditRecord> ReadAsync(string subject, long fromSequence, int? maxRecords = null) => inner.ReadAsync(subject, fromSequence, maxRecords);
}
