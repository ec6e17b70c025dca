using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Testing;

namespace PartnershipHub.Grains.Tests;

/// <summary>
/// The path from a child's changes to the totals a dataset reads, in a real silo over table storage: every change
/// counts once, however often it is sent and whatever restarts in between.
/// </summary>
public sealed class MeasureDeliveryTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    private const string Borough = "E09000033";
    private const string Period = "2025-03-31";
    private static readonly string Shard = MeasureCell.ShardOf(Borough, Period);

    private readonly string serviceId = "phub-measures-" + Guid.NewGuid().ToString("N");
    private readonly string table = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Changes_sent_again_after_a_lost_answer_and_after_a_silo_restart_count_once()
    {
        await using (var first = await StartSilo())
        {
            var collector = Collector(first, "child-a");
            await collector.Apply("child-a", [Counted(1, 1)]);

            // The answer was lost: the child sends its outbox again, now with a further change.
            await collector.Apply("child-a", [Counted(1, 1), Counted(2, -1)]);
            await collector.Apply("child-a", [Counted(1, 1), Counted(2, -1), Counted(3, 1)]);
            Assert.Equal(1, await CountIn(first));
            await first.StopAllSilosAsync();
        }

        await using var second = await StartSilo();
        await Collector(second, "child-a").Apply("child-a", [Counted(2, -1), Counted(3, 1)]);
        Assert.Equal(1, await CountIn(second));
    }

    [Fact]
    public async Task Many_children_sending_at_once_each_twice_add_up_exactly()
    {
        await using var silo = await StartSilo();
        var children = Enumerable.Range(0, 300).Select(n => $"child-{n}").ToList();

        // Each child is counted, and every third child's count is corrected away again; every child's outbox goes
        // twice, at the same time.
        await Task.WhenAll(children.SelectMany((child, n) =>
        {
            List<NumberedChanges> outbox = n % 3 == 0 ? [Counted(1, 1), Counted(2, -1)] : [Counted(1, 1)];
            return new[] { Collector(silo, child).Apply(child, outbox), Collector(silo, child).Apply(child, outbox) };
        }));

        Assert.Equal(200, await CountIn(silo));
        Assert.True(children.Select(MeasureCollectors.Of).Distinct().Count() > 100, "children spread over the collectors");
    }

    [Fact]
    public async Task A_shard_takes_a_collectors_batch_once_and_ignores_one_older_than_the_last()
    {
        await using var silo = await StartSilo();
        var shard = silo.Client.GetGrain<IMeasureTotalsGrain>(Shard);
        var entry = MeasureCell.EntryOf(Counters.Referrals, "");

        await shard.Apply("7", [new NumberedChanges(5, new Dictionary<string, long> { [entry] = 4 })]);
        await shard.Apply("7", [new NumberedChanges(5, new Dictionary<string, long> { [entry] = 4 })]);
        await shard.Apply("7", [new NumberedChanges(4, new Dictionary<string, long> { [entry] = 100 })]);
        await shard.Apply("8", [new NumberedChanges(1, new Dictionary<string, long> { [entry] = 2 })]);

        Assert.Equal(6, (await shard.Totals())[entry]);
    }

    private static IMeasureCollectorGrain Collector(InProcessTestCluster silo, string childId) =>
        silo.Client.GetGrain<IMeasureCollectorGrain>(MeasureCollectors.Of(childId));

    private static NumberedChanges Counted(long sequence, long amount) =>
        new(sequence, new Dictionary<string, long> { [new MeasureCell(Borough, Period, Counters.Referrals, "").ToString()] = amount });

    private static async Task<long> CountIn(InProcessTestCluster silo) =>
        (await silo.Client.GetGrain<IMeasureTotalsGrain>(Shard).Totals()).GetValueOrDefault(MeasureCell.EntryOf(Counters.Referrals, ""));

    private async Task<InProcessTestCluster> StartSilo()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo
            .AddHubTableGrainStorage(StorageNames.Hub, new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), table)
            .Services.AddSerializer(serializer => serializer.AddHubDomainTypes()));
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddHubDomainTypes()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
