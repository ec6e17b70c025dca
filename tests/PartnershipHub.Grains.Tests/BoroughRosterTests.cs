using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Access;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Testing;

namespace PartnershipHub.Grains.Tests;

/// <summary>
/// A borough's roster when a sync batch registers many children at once: the additions are stored together, and
/// still every child is on the roster once, in pages of 1,000, with a count that survives a restart, even when a child
/// on an earlier page is added again by a new activation. The consistency check's repair takes extra and doubled
/// listings off, and the pages stay full.
/// </summary>
public sealed class BoroughRosterTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    private const string Borough = "E09000033";

    private readonly string serviceId = "phub-roster-" + Guid.NewGuid().ToString("N");
    private readonly string table = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Children_added_at_once_and_some_twice_are_each_on_the_roster_once_across_pages_and_restarts()
    {
        var children = Enumerable.Range(0, 2500).Select(n => $"child-{n:D4}").ToList();
        string onLastPage;
        await using (var first = await StartSilo())
        {
            var borough = first.Client.GetGrain<IBoroughGrain>(Borough);

            // Every tenth child is added twice at the same time, as a batch sent again after a lost answer would.
            await Task.WhenAll(children.Select(id => borough.AddChild(id, mayBeListed: false))
                .Concat(children.Where((_, n) => n % 10 == 0).Select(id => borough.AddChild(id, mayBeListed: true))));
            var pages = await Roster(first);
            Assert.Equal([1000, 1000, 500], pages.Select(p => p.Count));
            Assert.Equal(children.Order(StringComparer.Ordinal), pages.SelectMany(p => p).Order(StringComparer.Ordinal));
            onLastPage = pages[^1][0];
            await first.StopAllSilosAsync();
        }

        await using var second = await StartSilo();
        var again = second.Client.GetGrain<IBoroughGrain>(Borough);
        // Children already on the last page and on the first, added again after the restart (a registration's
        // follow-up resent), are not added twice: the borough reads back to the first page for them.
        await Task.WhenAll(
            again.AddChild("child-late-1", mayBeListed: false), again.AddChild(onLastPage, mayBeListed: true),
            again.AddChild(children[0], mayBeListed: true), again.AddChild("child-late-2", mayBeListed: false));
        var after = await Roster(second);
        Assert.Equal([1000, 1000, 502], after.Select(p => p.Count));
        Assert.Equal(["child-late-1", "child-late-2"], after[^1].Skip(500).Order(StringComparer.Ordinal));

        // The borough stores its count only when a page begins (2,000 here): a restart counts the last page's children.
        await second.StopAllSilosAsync();
        await using var third = await StartSilo();
        var listed = await third.Client.GetGrain<IBoroughGrain>(Borough).ListChildren(new Caller(Borough, "social-worker", "sw"), 2500, 10);
        Assert.Equal(2502, listed!.TotalChildren);
        Assert.Equal(2, listed.ChildIds.Count);
    }

    [Fact]
    public async Task Extra_and_doubled_listings_are_taken_off_with_the_last_child_moving_into_each_place()
    {
        var children = Enumerable.Range(0, 1200).Select(n => $"child-{n:D4}").ToList();
        string doubled;
        await using (var earlier = await StartSilo())
        {
            var added = earlier.Client.GetGrain<IBoroughGrain>(Borough);
            await Task.WhenAll(children.Select(id => added.AddChild(id, mayBeListed: false)));

            // As a crash in an earlier hub could leave it: a child of the first page on the second page too.
            doubled = (await Roster(earlier))[0][5];
            await earlier.Client.GetGrain<IBoroughRosterPageGrain>(BoroughRoster.PageKey(Borough, 1)).Append([doubled]);
            await earlier.StopAllSilosAsync();
        }

        await using var silo = await StartSilo();
        var borough = silo.Client.GetGrain<IBoroughGrain>(Borough);
        Assert.Equal(2, (await Roster(silo)).SelectMany(p => p).Count(id => id == doubled));
        Assert.Equal(1, await borough.RemoveListings(doubled, keep: 1));
        var before = (await Roster(silo)).SelectMany(p => p).ToList();
        var extra = before[3];
        Assert.Equal(1, await borough.RemoveListings(extra, keep: 0));
        Assert.Equal(0, await borough.RemoveListings(extra, keep: 0));

        var pages = await Roster(silo);
        Assert.Equal([1000, 199], pages.Select(p => p.Count));
        Assert.Equal(children.Where(id => id != extra).Order(StringComparer.Ordinal), pages.SelectMany(p => p).Order(StringComparer.Ordinal));
        Assert.Equal(before[^1], pages[0][3]);

        await borough.AddChild(extra, mayBeListed: true);
        Assert.Equal(extra, (await Roster(silo))[^1][^1]);
    }

    private static async Task<List<IReadOnlyList<string>>> Roster(InProcessTestCluster silo)
    {
        var pages = new List<IReadOnlyList<string>>();
        await foreach (var page in BoroughRoster.Pages(silo.Client, Borough))
        {
            pages.Add(page);
        }

        return pages;
    }

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
