using Azure.Data.Tables;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

/// <summary>The Azure store's own rows: keys no chain shares, one fixed row for readiness, and tables of the earlier layout refused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableLayoutTests(AzuriteServer azurite)
{
    private readonly HubTableNames names = new(StorageHarness.NewTableName(), StorageHarness.NewTableName(), StorageHarness.NewTableName());

    [Fact]
    public async Task Two_childrens_audit_chains_share_no_row_key()
    {
        var (store, audit) = Open();
        await store.InitialiseAsync(CancellationToken.None);
        foreach (var subject in new[] { "child/one", "child/two" })
        {
            var head = await audit.ReadHeadAsync(subject);
            await audit.AppendAsync([AuditChain.Next(subject, head.Sequence, head.Hash, Entry())], head, head.Marks);
        }

        var rows = Table(names.Audit).Query<TableEntity>(e => e.PartitionKey != "store").ToList();

        Assert.Equal(4, rows.Count); // a record and a head per chain
        Assert.Equal(rows.Count, rows.Select(row => row.RowKey).Distinct().Count());
        Assert.All(rows, row => Assert.StartsWith(row.PartitionKey + "~", row.RowKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_reads_the_layout_row_and_fails_without_it()
    {
        var (store, _) = Open();
        await store.InitialiseAsync(CancellationToken.None);

        await store.PingAsync(CancellationToken.None);

        await Table(names.Audit).DeleteEntityAsync("store", "layout");
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Tables_of_the_earlier_layout_are_refused_with_what_to_do()
    {
        // The hub's own provider of before issue 15 wrote rows like this one, and no layout row.
        await Table(names.GrainState).CreateIfNotExistsAsync();
        await Table(names.GrainState).AddEntityAsync(new TableEntity("partnershiphub~child~abc", "registration") { ["FormatVersion"] = 1 });
        var (store, _) = Open();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitialiseAsync(CancellationToken.None));

        Assert.Contains("earlier layout", error.Message);
        Assert.Contains(names.GrainState, error.Message);
        Assert.Contains("Storage:GrainStateTable", error.Message);
        Assert.False((await Table(names.Audit).GetEntityIfExistsAsync<TableEntity>("store", "layout")).HasValue);
    }

    [Fact]
    public async Task A_new_store_is_marked_once_and_opens_again()
    {
        var (store, _) = Open();
        await store.InitialiseAsync(CancellationToken.None);
        await Table(names.GrainState).AddEntityAsync(new TableEntity("p", "r"));

        await Open().Store.InitialiseAsync(CancellationToken.None);

        Assert.Equal(2, (await Table(names.Audit).GetEntityAsync<TableEntity>("store", "layout")).Value.GetInt32("Layout"));
    }

    private (AzureTablesHubStore Store, TableAuditStore Audit) Open()
    {
        var audit = new TableAuditStore(Table(names.Audit));
        return (new AzureTablesHubStore(Table(names.GrainState), audit, new TableChangeFeedStore(Table(names.ChangeFeed))), audit);
    }

    private TableClient Table(string name) => StorageHarness.Table(azurite.ConnectionString, name);

    private static AuditEntry Entry() =>
        new("child.read", "E09000033", "social-worker", "jo", "care-planning", null, "returned", "care record", DateTimeOffset.UnixEpoch);
}
