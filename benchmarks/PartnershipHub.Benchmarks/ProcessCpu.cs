using System.Diagnostics;

namespace PartnershipHub.Benchmarks;

/// <summary>
/// CPU time used by this process and the processes it started (the hub host, Azurite), so a run on a busy machine
/// still says what each call costs. Child processes are found through /proc, so outside Linux only this process
/// is counted.
/// </summary>
public sealed class ProcessCpu
{
    private readonly Dictionary<string, TimeSpan> used;

    private ProcessCpu(Dictionary<string, TimeSpan> used) => this.used = used;

    /// <summary>The CPU time each process has used so far, named by its executable.</summary>
    public static ProcessCpu Snapshot()
    {
        var used = new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { ["benchmark client"] = Process.GetCurrentProcess().TotalProcessorTime };
        foreach (var child in ChildProcessIds())
        {
            try
            {
                using var process = Process.GetProcessById(child);
                var name = process.ProcessName == "node" ? "azurite" : process.ProcessName == "dotnet" ? "hub host" : process.ProcessName;
                used[name] = used.GetValueOrDefault(name) + process.TotalProcessorTime;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // It exited between listing and reading.
            }
        }

        return new ProcessCpu(used);
    }

    /// <summary>The machine's load average over 1, 5 and 15 minutes: how much other work shared its cores.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The CPU time each process used since <paramref name="earlier"/>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Since(ProcessCpu earlier) =>
        used.ToDictionary(u => u.Key, u => u.Value - earlier.used.GetValueOrDefault(u.Key));

    private static IEnumerable<int> ChildProcessIds()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        var self = Environment.ProcessId;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || !TryReadParent(folder, out var parent) || parent != self)
            {
                continue;
            }

            yield return pid;
        }
    }

    private static bool TryReadParent(string folder, out int parent)
    {
        parent = 0;
        try
        {
            // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its last ')'.
            var stat = File.ReadAllText(Path.Combine(folder, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out parent);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
