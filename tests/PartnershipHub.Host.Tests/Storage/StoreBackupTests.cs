using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Storage;

/// <summary>The operator's online backup of hub.db (VACUUM INTO, as deploy/OPERATIONS.md says) taken while the hub serves, and restored.</summary>
public sealed class StoreBackupTests : IDisposable
{
    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-backup-");

    public void Dispose() => dataFolder.Delete(recursive: true);

    [Fact]
    public async Task A_backup_taken_while_the_hub_serves_restores_to_what_it_held_at_that_moment()
    {
        var backup = Path.Combine(dataFolder.FullName, "hub-backup.db");
        await using var hub = new HubProcess(Path.Combine(dataFolder.FullName, "hub"));
        await hub.StartAsync();
        using var channel = hub.Channel();
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var headers = hub.As(ChildRequests.Westminster, "mash-practitioner");
        var before = (await children.RegisterChildAsync(ChildRequests.Child(), headers)).Child.ChildId;

        HubDatabase.Execute(hub.Database, "VACUUM INTO $backup", ("$backup", backup));
        var after = (await children.RegisterChildAsync(ChildRequests.Child(), headers)).Child.ChildId;
        await hub.StopAsync();

        foreach (var file in Directory.GetFiles(hub.DataFolder, "hub.db*"))
        {
            File.Delete(file);
        }

        File.Copy(backup, hub.Database);
        await hub.StartAsync();
        using var restored = hub.Channel();
        children = new ChildrenService.ChildrenServiceClient(restored);
        var kept = await children.GetChildAsync(new GetChildRequest { ChildId = before, Purpose = AccessPurpose.CaseManagement }, headers);
        Assert.Equal(before, kept.Child.ChildId);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            children.GetChildAsync(new GetChildRequest { ChildId = after, Purpose = AccessPurpose.CaseManagement }, headers).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, missing.StatusCode);
    }
}
