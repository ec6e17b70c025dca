using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Host.Tests;

/// <summary>What a standard gRPC client and an orchestrator's probe see of the hub.</summary>
[Collection(HubCollection.Name)]
public sealed class ServiceDiscoveryTests(HubFixture fixture)
{
    [Fact]
    public async Task The_health_service_answers_SERVING_without_a_token()
    {
        using var channel = fixture.Hub.Channel();

        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Server_reflection_lists_the_hubs_services_to_an_authenticated_client_only()
    {
        using var channel = fixture.Hub.Channel();
        var client = new ServerReflection.ServerReflectionClient(channel);

        var services = await ListServices(client, fixture.Hub.As("E09000033", "mash-practitioner"));
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => ListServices(client, []));

        Assert.Contains("partnershiphub.children.v1.ChildrenService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static async Task<List<string>> ListServices(ServerReflection.ServerReflectionClient client, Metadata headers)
    {
        using var call = client.ServerReflectionInfo(headers);
        try
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The hub may refuse the call before the request is written (no token); the write then fails as Cancelled,
            // and the hub's own status is what reading the answer throws.
        }

        var names = new List<string>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            names.AddRange(response.ListServicesResponse.Service.Select(s => s.Name));
        }

        return names;
    }
}
