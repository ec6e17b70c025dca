using System.Diagnostics;
using System.Globalization;
using PartnershipHub.Storage.Sqlite;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks;

/// <summary>
/// The CPU a phase cost: the hub process as a whole, the embedded store's writer thread within it (found by its
/// name in /proc/&lt;pid&gt;/task: where every SQLite write, commit and checkpoint runs) and the benchmark client.
/// </summary>
public sealed class HubCpu
{
    private readonly HubProcess? hub;
    private readonly TimeSpan hubBefore;
    private readonly TimeSpan? storeBefore;
    private readonly TimeSpan clientBefore;

    private HubCpu(HubProcess? hub)
    {
        this.hub = hub;
        hubBefore = hub?.ProcessorTime ?? TimeSpan.Zero;
        storeBefore = hub is null ? null : StoreWriter(hub);
        clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Starts counting; a hub not started by the benchmark (null) is not measured.</summary>
    public static HubCpu Start(HubProcess? hub) => new(hub);

    /// <summary>What was used since <see cref="Start"/>.</summary>
    public Used Stop() => new(
        hub is null ? null : hub.ProcessorTime - hubBefore,
        hub is not null && storeBefore is { } before && StoreWriter(hub) is { } after ? after - before : null,
        Process.GetCurrentProcess().TotalProcessorTime - clientBefore);

    /// <summary>The CPU time of the store's writer thread in the hub so far; null when the hub has no such thread.</summary>
    private static TimeSpan? StoreWriter(HubProcess hub)
    {
        var tasks = $"/proc/{hub.ProcessId}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                // "tid (name) state ...": utime and stime are the 12th and 13th fields after the name.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (name != SqliteHubDatabase.WriterThreadName)
                {
                    continue;
                }

                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / 100.0);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return null;
    }

    /// <summary>CPU used in a phase.</summary>
    /// <param name="Hub">The hub process, store included; null when the benchmark did not start the hub.</param>
    /// <param name="Store">The store's writer thread, part of <paramref name="Hub"/>; null when not found.</param>
    /// <param name="Client">The benchmark client.</param>
    public sealed record Used(TimeSpan? Hub, TimeSpan? Store, TimeSpan Client)
    {
        /// <summary>The CPU per record of each, in milliseconds.</summary>
        public string Describe(int records)
        {
            string Per(TimeSpan used) => (used.TotalMilliseconds / records).ToString("F3", CultureInfo.InvariantCulture);
            var hub = Hub is { } h
                ? $"hub {Per(h)} ms, of which the store's writer thread {(Store is { } s ? Per(s) + " ms" : "not found")} and the rest {(Store is { } r ? Per(h - r) + " ms" : "-")}"
                : "hub not measured (not started here)";
            return $"{hub}; benchmark client {Per(Client)} ms";
        }
    }
}
