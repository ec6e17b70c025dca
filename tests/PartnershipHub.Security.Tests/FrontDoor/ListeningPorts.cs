using System.Globalization;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>What an attacker's port scan of the hub's machine would find of the hub: the TCP ports its process listens on.</summary>
public static class ListeningPorts
{
    /// <summary>The ports process <paramref name="processId"/> listens on (Linux: its socket inodes matched against /proc/net/tcp and tcp6).</summary>
    public static IReadOnlySet<int> Of(int processId)
    {
        var inodes = Directory.EnumerateFiles($"/proc/{processId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target!["socket:[".Length..^1])
            .ToHashSet(StringComparer.Ordinal);
        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                const string Listen = "0A";
                if (columns[3] == Listen && inodes.Contains(columns[9]))
                {
                    ports.Add(int.Parse(columns[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }
}
