using Grpc.Core;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Mash;

/// <summary>
/// A multi-agency view is answered only once its audit record is durable: while the store refuses audit records, the
/// view is refused UNAVAILABLE and nothing of it is recorded as returned; once the store takes them again it is answered
/// and recorded.
/// </summary>
public sealed class AuditedViewTests : IDisposable
{
    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-audited-view-");

    public void Dispose() => dataFolder.Delete(recursive: true);

    [Fact]
    public async Task A_view_whose_audit_record_cannot_be_stored_is_refused_unavailable_and_answered_once_it_can()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        using var channel = hub.Channel();
        var mash = new MashService.MashServiceClient(channel);
        var practitioner = hub.As(ChildRequests.Westminster, "mash-practitioner", "wcc-pat");
        var childId = (await mash.RecordContactAsync(MashRequests.Contact(ChildRequests.Westminster), practitioner)).Contact.ChildId;

        // The store's disk refuses audit records (any insert into the audit table fails), and nothing else.
        HubDatabase.Execute(hub.Database, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record BEGIN SELECT * FROM no_such_table; END");
        var refused = await Assert.ThrowsAsync<RpcException>(() => mash.GetMultiAgencyViewAsync(MashRequests.View(childId), practitioner).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal(0L, Views(hub, childId));

        // The disk is mended (the hub's open connection keeps the schema it compiled, so it is restarted).
        await hub.StopAsync();
        HubDatabase.Execute(hub.Database, "DROP TRIGGER refuse_audit");
        await hub.StartAsync();
        using var again = hub.Channel();
        var view = await AnsweredOrOutput(hub, new MashService.MashServiceClient(again).GetMultiAgencyViewAsync(MashRequests.View(childId), practitioner).ResponseAsync);
        Assert.Equal(childId, view.Child.ChildId);
        Assert.Equal(1L, Views(hub, childId));
    }

    private static async Task<T> AnsweredOrOutput<T>(HubProcess hub, Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException(e.Status + Environment.NewLine + hub.Output, e);
        }
    }

    private static long Views(HubProcess hub, string childId) =>
        (long)HubDatabase.Query(hub.Database, "SELECT count(*) AS n FROM audit_record WHERE subject = $s AND action = 'mash.view'", ("$s", "child/" + childId))[0]["n"]!;
}
