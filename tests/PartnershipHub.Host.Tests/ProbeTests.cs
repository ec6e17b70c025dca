using Grpc.Health.V1;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Host.Tests;

/// <summary>What an orchestrator's probes see when the table store goes away under a running hub.</summary>
public sealed class ProbeTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();
    private HubProcess? hub;

    public async Task InitializeAsync()
    {
        await storage.InitializeAsync();
        hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
        await hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }

        await storage.DisposeAsync();
    }

    [Fact]
    public async Task Without_its_store_the_hub_is_not_ready_but_still_live_so_it_is_taken_out_of_service_not_restarted()
    {
        using var channel = hub!.Channel();
        var health = new Health.HealthClient(channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "liveness" })).Status);

        await storage.DisposeAsync();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "liveness" })).Status);
    }
}
