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
