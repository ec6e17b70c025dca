using System.Diagnostics;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Storage;

/// <summary>
/// The embedded store's file in trouble: corrupt, read-only, on a full disk, already in use, left from the earlier Azurite
/// layout, or asked to serve a cluster. Each gives a clear reason, at start or as UNAVAILABLE on the call, never a hang, and
/// what was acknowledged before is still there afterwards.
/// </summary>
public sealed class StoreFaultTests : IDisposable
{
    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-faults-");

    private string Database => Path.Combine(dataFolder.FullName, "hub.db");

    public void Dispose()
    {
        foreach (var file in dataFolder.GetFiles())
        {
            Immutable(file.FullName, false);
        }

        dataFolder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_corrupt_database_stops_the_hub_at_start_with_the_reason_and_is_left_as_it_was()
    {
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(Database, garbage);
        await using var hub = new HubProcess(dataFolder.FullName);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(hub.StartAsync);

        Assert.Contains("exited with code 2", refused.Message);
        Assert.Contains("is corrupt or is not a SQLite database", refused.Message);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(Database));
    }

    [Fact]
    public async Task A_read_only_database_stops_the_hub_at_start_and_the_children_it_held_are_there_once_it_is_writable()
    {
        var childId = await RegisterOneChildAndStop();
        Immutable(Database, true);
        await using (var readOnly = new HubProcess(dataFolder.FullName))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(readOnly.StartAsync);
            Assert.Contains("read-only", refused.Message);
        }

        Immutable(Database, false);
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        await AssertChildIsThere(hub, childId);
    }

    [Fact]
    public async Task A_database_made_read_only_under_a_running_hub_answers_UNAVAILABLE_with_a_reference_and_loses_nothing_acknowledged()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var before = await Register(hub);
        // The database and its write-ahead log; the shared-memory index stays as it is (SQLite maps it).
        Immutable(Database, true);
        Immutable(Database + "-wal", true);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Register(hub).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("Quote reference", refused.Status.Detail);

        Immutable(Database, false);
        Immutable(Database + "-wal", false);

        await AssertChildIsThere(hub, before);
        await hub.StopAsync();
        await hub.StartAsync();
        await AssertChildIsThere(hub, before);
    }

    [Fact]
    public async Task A_full_disk_under_a_running_hub_answers_UNAVAILABLE_with_a_reference_loses_nothing_acknowledged_and_recovers_when_space_returns()
    {
        // A disk of its own: a 16 MB tmpfs (mounting needs root, as chattr above does) holding the whole data folder.
        var disk = Directory.CreateDirectory(Path.Combine(dataFolder.FullName, "disk")).FullName;
        Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk);
        try
        {
            await using var hub = new HubProcess(disk);
            await hub.StartAsync();
            var before = await Register(hub);
            var filler = Path.Combine(disk, "filler");
            FillTheDisk(filler);

            var refused = await Assert.ThrowsAsync<RpcException>(() => Register(hub).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            var reference = System.Text.RegularExpressions.Regex.Match(refused.Status.Detail, "Quote reference (\\S+) to the operator").Groups[1].Value;
            Assert.NotEmpty(reference);
            // The operator finds the cause under the reference in the hub's log.
            Assert.Contains(hub.Output.Split('\n'), line => line.Contains(reference, StringComparison.Ordinal) && line.Contains("the disk is full", StringComparison.Ordinal));

            File.Delete(filler);
            var after = await Register(hub);
            await AssertChildIsThere(hub, before);
            await hub.StopAsync();
            await hub.StartAsync();
            await AssertChildIsThere(hub, before);
            await AssertChildIsThere(hub, after);
        }
        finally
        {
            Command("umount", disk);
        }
    }

    [Fact]
    public async Task A_second_hub_on_the_same_database_refuses_to_start_and_the_first_keeps_serving()
    {
        await using var first = new HubProcess(dataFolder.FullName);
        await first.StartAsync();
        await using var second = new HubProcess(dataFolder.FullName);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);

        Assert.Contains("in use by another hub process", refused.Message);
        await AssertChildIsThere(first, await Register(first));
    }

    [Fact]
    public async Task A_data_folder_of_the_earlier_azurite_store_is_not_started_empty()
    {
        Directory.CreateDirectory(Path.Combine(dataFolder.FullName, "azurite"));
        await File.WriteAllTextAsync(Path.Combine(dataFolder.FullName, "azurite", "__azurite_db_table__.json"), "{}");
        await using var hub = new HubProcess(dataFolder.FullName);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(hub.StartAsync);

        Assert.Contains("holds data of the earlier Azurite store", refused.Message);
        Assert.Contains("Storage:Provider to AzureTables", refused.Message);
        Assert.Contains("copy-store --from azure:CONNECTIONSTRING --to sqlite:", refused.Message);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task The_embedded_store_refuses_to_serve_a_cluster()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        hub.Settings["Clustering__Provider"] = "Redis";
        hub.Settings["Clustering__RedisConnectionString"] = "127.0.0.1:1";

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(hub.StartAsync);

        Assert.Contains("Use the Azure backend for a cluster", refused.Message);
        Assert.False(File.Exists(Database));
    }

    private async Task<string> RegisterOneChildAndStop()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        return await Register(hub);
    }

    private static async Task<string> Register(HubProcess hub)
    {
        using var channel = hub.Channel();
        var children = new ChildrenService.ChildrenServiceClient(channel);
        return (await children.RegisterChildAsync(ChildRequests.Child(), hub.As(ChildRequests.Westminster, "mash-practitioner"))).Child.ChildId;
    }

    private static async Task AssertChildIsThere(HubProcess hub, string childId)
    {
        using var channel = hub.Channel();
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var child = await children.GetChildAsync(
            new GetChildRequest { ChildId = childId, Purpose = AccessPurpose.CaseManagement }, hub.As(ChildRequests.Westminster, "mash-practitioner"));
        Assert.Equal(childId, child.Child.ChildId);
    }

    /// <summary>Writes zeros to <paramref name="path"/> until the disk it is on has no space left.</summary>
    private static void FillTheDisk(string path)
    {
        var zeros = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true)
            {
                file.Write(zeros);
                file.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full.
        }
    }

    private static void Command(string program, params string[] arguments)
    {
        using var run = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        run.WaitForExit();
        Assert.True(run.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {run.StandardError.ReadToEnd()}");
    }

    /// <summary>Sets or clears the immutable attribute: read-only even for root, as the tests run here.</summary>
    private static void Immutable(string path, bool on)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [on ? "+i" : "-i", path]) { RedirectStandardError = true })!;
        chattr.WaitForExit();
        Assert.True(!on || chattr.ExitCode == 0, $"chattr +i {path} failed: {chattr.StandardError.ReadToEnd()}");
    }
}
