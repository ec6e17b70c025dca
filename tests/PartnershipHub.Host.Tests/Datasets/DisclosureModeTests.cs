using Azure.Data.Tables;
using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Host.Tests.Care;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>A hub of its own with the partnership's default suppression (1 to 4), so its small numbers are the test's.</summary>
public sealed class DisclosureHubFixture : DatasetHubFixture
{
    /// <inheritdoc />
    protected override void Configure(HubProcess hub) => hub.Settings["Datasets__LargestSuppressed"] = "4";
}

/// <summary>The disclosure-mode tests, on their own hub.</summary>
[CollectionDefinition(Name)]
public sealed class DisclosureCollection : ICollectionFixture<DisclosureHubFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "disclosure";
}

/// <summary>
/// Two children looked after in Westminster at 31 March 2025: the board's table shows the 2 to a Westminster analyst,
/// with the request in the audit trail; the publication table hides it; everyone else is refused the board's table.
/// </summary>
[Collection(DisclosureCollection.Name)]
public sealed class DisclosureModeTests(DisclosureHubFixture fixture)
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task The_board_table_shows_a_westminster_analyst_the_exact_small_number_that_publication_hides_and_is_refused_to_everyone_else()
    {
        using var channel = Hub.Channel();
        var social = Hub.As(ChildRequests.Westminster, "social-worker");
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var child = (await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(ChildRequests.Child(), social)).Child.ChildId;
            await new CareService.CareServiceClient(channel).SaveRecordAsync(CareRequests.New(child, new CareRecordBody { CareEpisode = CareRequests.Episode("2024-06-03") }), social);
        }

        var datasets = new DatasetService.DatasetServiceClient(channel);
        var analyst = Hub.As(ChildRequests.Westminster, "partnership-analyst", "lscp.analyst");
        var board = new GetDatasetRequest { Measures = { "looked-after" }, AsAtDates = { "2025-03-31" }, DisclosureMode = DisclosureMode.Board, Reference = "Board 2026-12" };
        var exact = await datasets.GetDatasetAsync(board, analyst);
        Assert.Equal(DisclosureMode.Board, exact.DisclosureMode);
        Assert.Equal(0, exact.LargestSuppressed);
        Assert.Equal(["E09000013", "E09000020", "E09000033"], exact.Cells.Select(c => c.Borough).Order(StringComparer.Ordinal));
        Assert.Equal(2, exact.Cells.Single(c => c.Borough == ChildRequests.Westminster).Count);

        var publication = await datasets.GetDatasetAsync(new GetDatasetRequest { Measures = { "looked-after" }, AsAtDates = { "2025-03-31" }, IncludePartnership = true }, analyst);
        Assert.Equal(DisclosureMode.Publication, publication.DisclosureMode);
        Assert.True(publication.Cells.Single(c => c.Borough == ChildRequests.Westminster).Suppressed);
        Assert.True(publication.Cells.Single(c => c.Borough == "partnership").Suppressed); // 2 in all: the partnership's total would give it away

        foreach (var other in new[]
        {
            Hub.As("lscp", "partnership-analyst"), Hub.As(ChildRequests.Westminster, "social-worker"), Hub.As(ChildRequests.Westminster, "mash-manager"),
            Hub.As("met-police", "agency-responder"), Hub.As(ChildRequests.Westminster, "borough-sync"), Hub.As("E09000009", "administrator"),
        })
        {
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(board, other).ResponseAsync);
        }

        var withPartnership = board.Clone();
        withPartnership.IncludePartnership = true;
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(withPartnership, analyst).ResponseAsync);
        var ealing = board.Clone();
        ealing.Boroughs.Add("E09000009");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(ealing, analyst).ResponseAsync);
        var unexplained = board.Clone();
        unexplained.Reference = string.Empty;
        await RpcAssert.InvalidField("reference", () => datasets.GetDatasetAsync(unexplained, analyst).ResponseAsync);

        var audit = new TableClient(fixture.Storage.ConnectionString, "HubAudit")
            .Query<TableEntity>(e => e.PartitionKey == "partnership:datasets").Where(e => e.GetString("Action") == "datasets.board").ToList();
        Assert.Equal(["returned", "denied", "denied", "denied", "denied", "denied", "denied", "denied", "denied"], audit.Select(e => e.GetString("Outcome")));
        Assert.Equal(("lscp.analyst", "Board 2026-12"), (audit[0].GetString("UserId"), audit[0].GetString("CaseReference")));
        Assert.Contains("looked-after", audit[0].GetString("Detail"), StringComparison.Ordinal);
    }
}
