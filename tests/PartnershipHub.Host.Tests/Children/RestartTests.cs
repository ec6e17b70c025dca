using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Host.Tests.Children;

/// <summary>The hub keeps what it acknowledged when it is stopped and started again.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();

    public Task InitializeAsync() => storage.InitializeAsync();

    public Task DisposeAsync() => storage.DisposeAsync();

    [Fact]
    public async Task A_child_registered_through_gRPC_is_read_back_after_the_hub_restarts()
    {
        var dataFolder = Path.Combine(storage.DataFolder, "hub");
        var request = ChildRequests.Child(givenName: "Restartia");
        request.Identifiers.UniquePupilNumber = "A12345678901B";
        request.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = ChildRequests.Westminster, CaseId = "WCC-000123" });

        Child registered;
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var client = new ChildrenService.ChildrenServiceClient(channel);
            registered = (await client.RegisterChildAsync(request, hub.As(ChildRequests.Westminster, "mash-practitioner"))).Child;
            await hub.StopAsync();
        }

        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var client = new ChildrenService.ChildrenServiceClient(channel);
            var headers = hub.As(ChildRequests.Westminster, "mash-practitioner");

            var read = await client.GetChildAsync(
                new GetChildRequest { ChildId = registered.ChildId, Purpose = AccessPurpose.CaseManagement }, headers);
            Assert.Equal(registered, read.Child);
            Assert.Equal("Restartia", read.Child.GivenName);
            Assert.Equal("A12345678901B", read.Child.Identifiers.UniquePupilNumber);

            var list = await client.ListBoroughChildrenAsync(new ListBoroughChildrenRequest { Borough = ChildRequests.Westminster }, headers);
            Assert.Contains(list.Children, c => c.ChildId == registered.ChildId);

            // The identifier index survived too: the same NHS number cannot be registered again.
            var again = ChildRequests.Child();
            again.Identifiers.NhsNumber = request.Identifiers.NhsNumber;
            var duplicate = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.RegisterChildAsync(again, headers).ResponseAsync);
            Assert.Equal(Grpc.Core.StatusCode.AlreadyExists, duplicate.StatusCode);
        }
    }
}
