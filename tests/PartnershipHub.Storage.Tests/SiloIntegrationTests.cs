using Orleans.Serialization;
using PartnershipHub.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

public interface IVisitCounterGrain : IGrainWithStringKey
{
    Task<int> RecordVisit();

    Task<int> GetVisits();

    Task Forget();
}

public sealed class VisitCounterState
{
    public int Visits { get; set; }
}

public sealed class VisitCounterGrain([PersistentState("x", "store")] IPersistentState<VisitCounterState> state) : Grain, IVisitCounterGrain
{
    public async Task<int> RecordVisit()
    {
        state.State.Visits++;
        await state.WriteStateAsync();
        return state.State.Visits;
    }

    public Task<int> GetVisits() => Task.FromResult(state.State.Visits);

    public Task Forget() => state.ClearStateAsync();
}

/// <summary>The provider inside a real silo, registered the way the host registers it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiloIntegrationTests(AzuriteServer azurite)
{
    [Fact]
    public async Task A_grains_persistent_state_survives_a_silo_restart()
    {
        var table = StorageHarness.NewTableName();
        var serviceId = "phub-silo-" + Guid.NewGuid().ToString("N");
        const string key = "family/42#a?";

        await using (var first = await StartClusterAsync(serviceId, table))
        {
            var grain = first.Client.GetGrain<IVisitCounterGrain>(key);
            await grain.RecordVisit();
            await grain.RecordVisit();
            Assert.Equal(3, await grain.RecordVisit());
            await first.StopAllSilosAsync();
        }

        await using var second = await StartClusterAsync(serviceId, table);
        var again = second.Client.GetGrain<IVisitCounterGrain>(key);
        Assert.Equal(3, await again.GetVisits());
        Assert.Equal(4, await again.RecordVisit());

        await again.Forget();
        await second.DeactivateAsync(again);
        Assert.Equal(0, await again.GetVisits());
        Assert.Equal(1, await again.RecordVisit());
    }

    private async Task<InProcessTestCluster> StartClusterAsync(string serviceId, string table)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        // The provider's project brings the hub's grains into the test silo, and their domain types need the hub's codecs.
        builder.ConfigureSilo((_, silo) => silo.AddHubTableGrainStorage("store", new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), table).Services.AddSerializer(serializer => serializer.AddHubDomainTypes()));
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddHubDomainTypes()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
