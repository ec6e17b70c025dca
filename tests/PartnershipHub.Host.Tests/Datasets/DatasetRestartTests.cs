using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Host.Tests.Care;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>The boroughs' totals are kept in the table store, and the datasets that leave the hub are disclosure-controlled by default.</summary>
public sealed class DatasetRestartTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();

    public Task InitializeAsync() => storage.InitializeAsync();

    public Task DisposeAsync() => storage.DisposeAsync();

    [Fact]
    public async Task Two_referrals_in_one_borough_are_suppressed_with_the_borough_that_would_give_them_away_before_and_after_a_restart()
    {
        var dataFolder = Path.Combine(storage.DataFolder, "hub");
        var request = new GetDatasetRequest { Measures = { "referrals" }, FinancialYears = { 2012 }, IncludePartnership = true };
        GetDatasetResponse before;
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            await Referrals(channel, hub, ChildRequests.Westminster, 7);
            await Referrals(channel, hub, ChildRequests.HammersmithAndFulham, 2);
            before = await new DatasetService.DatasetServiceClient(channel).GetDatasetAsync(request, hub.As("lscp", "partnership-analyst"));
        }

        Assert.True(Cell(before, ChildRequests.HammersmithAndFulham).Suppressed);
        Assert.True(Cell(before, ChildRequests.Westminster).Suppressed); // else the partnership's 9 less 7 gives the 2 away
        Assert.Equal(0, Cell(before, "E09000009").Count);
        Assert.Equal(9, Cell(before, "partnership").Count);
        Assert.DoesNotContain(before.Cells, c => c.HasCount && c.Count is >= 1 and <= 4);

        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var after = await new DatasetService.DatasetServiceClient(channel).GetDatasetAsync(request, hub.As("lscp", "partnership-analyst"));
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public async Task Totals_restored_without_a_shard_are_found_by_the_check_and_repaired_to_the_childrens_figures()
    {
        var dataFolder = Path.Combine(storage.DataFolder, "hub");
        var request = new GetDatasetRequest { Measures = { "referrals" }, FinancialYears = { 2012 }, Boroughs = { ChildRequests.Westminster } };
        string table;
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            await Referrals(channel, hub, ChildRequests.Westminster, 6);
            table = hub.GrainStateTable;

            // All in order; the check also leaves every collector having stored that it holds nothing more to send.
            Assert.Empty((await new DatasetService.DatasetServiceClient(channel).CheckTotalsAsync(new CheckTotalsRequest(), hub.As("hub-admin", "administrator"))).Differences);
        }

        // As after restoring a copy taken under load: the totals of Westminster's 2012-13 are missing.
        var states = new Azure.Data.Tables.TableClient(storage.ConnectionString, table);
        var shard = states.Query<Azure.Data.Tables.TableEntity>()
            .Single(e => e.RowKey.StartsWith("totals~", StringComparison.Ordinal) && e.PartitionKey.Contains("E09000033_2F2012-13", StringComparison.Ordinal));
        await states.DeleteEntityAsync(shard.PartitionKey, shard.RowKey);

        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var datasets = new DatasetService.DatasetServiceClient(channel);
            var admin = hub.As("hub-admin", "administrator");
            Assert.Equal(0, Cell(await datasets.GetDatasetAsync(request, hub.As("lscp", "partnership-analyst")), ChildRequests.Westminster).Count);

            var check = await datasets.CheckTotalsAsync(new CheckTotalsRequest(), admin);
            Assert.Contains(check.Differences, d => d.Cell == "E09000033/2012-13/referrals/" && d.Held == 0 && d.Recomputed == 6);
            Assert.Equal(0, check.RepairedCells);

            var repaired = await datasets.CheckTotalsAsync(new CheckTotalsRequest { Repair = true }, admin);
            Assert.Equal(check.DifferenceCount, repaired.RepairedCells);
            Assert.Empty((await datasets.CheckTotalsAsync(new CheckTotalsRequest(), admin)).Differences);
            Assert.Equal(6, Cell(await datasets.GetDatasetAsync(request, hub.As("lscp", "partnership-analyst")), ChildRequests.Westminster).Count);
        }
    }

    private static async Task Referrals(Grpc.Net.Client.GrpcChannel channel, HubProcess hub, string borough, int children)
    {
        var worker = hub.As(borough, "social-worker");
        var care = new CareService.CareServiceClient(channel);
        for (var i = 0; i < children; i++)
        {
            var childId = (await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(ChildRequests.Child(borough), worker)).Child.ChildId;
            await care.SaveRecordAsync(CareRequests.New(childId, new CareRecordBody { Referral = new Referral { ReferralDate = $"2012-06-{10 + i}", Source = "2A" } }), worker);
        }
    }

    private static DatasetCell Cell(GetDatasetResponse response, string borough) => response.Cells.Single(c => c.Borough == borough);
}
