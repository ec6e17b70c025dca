using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Abstractions;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>The table names of one hub's Azure Table store.</summary>
/// <param name="GrainState">The table holding every grain's state.</param>
/// <param name="Audit">The table holding the audit trails, and the store's layout row.</param>
/// <param name="ChangeFeed">The table holding boroughs' change feeds.</param>
public sealed record HubTableNames(string GrainState = "HubGrainState", string Audit = "HubAudit", string ChangeFeed = "HubChangeFeed");

/// <summary>
/// The hub's store on Azure Table Storage as a whole: creates its tables on start, refuses tables of an earlier
/// layout, and answers the readiness check by reading one fixed row (the layout row).
/// </summary>
public sealed class AzureTablesHubStore(TableClient grainState, TableAuditStore audit, TableChangeFeedStore feeds) : IHubStore
{
    /// <summary>The partition of the layout row; audit partitions are <c>kind:id</c>, so never this.</summary>
    internal const string LayoutPartition = "store";

    /// <summary>The row key of the layout row.</summary>
    internal const string LayoutRowKey = "layout";

    /// <summary>
    /// The layout these tables are written in. 2: grain state through Orleans' own provider with unique RowKeys,
    /// audit rows keyed by their chain (issue 15). 1 was the hub's own provider, and had no layout row.
    /// </summary>
    internal const int Layout = 2;

    /// <inheritdoc />
    public string Description => $"Azure Tables at {audit.Table.Uri.GetLeftPart(UriPartial.Authority)}";

    /// <inheritdoc />
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grainState.CreateIfNotExistsAsync(cancellationToken);
            await audit.Table.CreateIfNotExistsAsync(cancellationToken);
            await feeds.Table.CreateIfNotExistsAsync(cancellationToken);
            await CheckLayoutAsync(cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new StoreUnavailableException($"The table store does not answer: HTTP {ex.Status} {ex.ErrorCode}.", ex);
        }
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var layout = await audit.Table.GetEntityIfExistsAsync<TableEntity>(LayoutPartition, LayoutRowKey, ["Layout"], cancellationToken);
            if (!layout.HasValue)
            {
                throw new StoreUnavailableException($"The table store's layout row is missing from table '{audit.Table.Name}'.");
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            throw new StoreUnavailableException("The table store does not answer: " + ex.GetType().Name, ex);
        }
    }

    /// <summary>Accepts tables written in <see cref="Layout"/> or empty ones (and marks them), and refuses any others.</summary>
    private async Task CheckLayoutAsync(CancellationToken cancellationToken)
    {
        if (await IsMarkedAsync(cancellationToken))
        {
            return;
        }

        foreach (var table in new[] { grainState, audit.Table, feeds.Table })
        {
            await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                // An empty page can come with a continuation; only a row counts. Another silo starting on the same new
                // store may have marked it and written since the first look.
                if (page.Values.Count > 0 && !await IsMarkedAsync(cancellationToken))
                {
                    throw EarlierLayout($"table '{table.Name}' holds rows but the store has no layout row");
                }
            }
        }

        try
        {
            await audit.Table.AddEntityAsync(new TableEntity(LayoutPartition, LayoutRowKey) { ["Layout"] = Layout }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another silo of the cluster marked the new store first.
        }
    }

    /// <summary>Whether the layout row is there; throws when it names another layout.</summary>
    private async Task<bool> IsMarkedAsync(CancellationToken cancellationToken)
    {
        var layout = await audit.Table.GetEntityIfExistsAsync<TableEntity>(LayoutPartition, LayoutRowKey, cancellationToken: cancellationToken);
        if (!layout.HasValue || layout.Value is not { } row)
        {
            return false;
        }

        return row.GetInt32("Layout") == Layout
            ? true
            : throw EarlierLayout($"its layout row says layout {row.GetInt32("Layout")}, this hub reads layout {Layout}");
    }

    private StoreUnavailableException EarlierLayout(string reason) => new(
        $"The Azure tables {grainState.Name}, {audit.Table.Name} and {feeds.Table.Name} are in an earlier layout ({reason}). " +
        "This hub keeps grain state through Orleans' own Azure table provider and keys every row by its grain or chain, and " +
        "does not read the earlier rows (there was no production data in that layout). Point Storage:GrainStateTable, " +
        "Storage:AuditTable and Storage:ChangeFeedTable at new tables, or delete these, then start again.");
}

/// <summary>Registers the whole hub store on Azure Tables: grain storage, audit trails, change feeds, the store itself.</summary>
public static class AzureTablesHubStoreExtensions
{
    /// <summary>Keeps everything the hub persists in the tables of <paramref name="tables"/>.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="grainStorageName">The grain storage name grains refer to.</param>
    /// <param name="tables">The storage account's table service.</param>
    /// <param name="names">The table names.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddHubAzureTablesStore(this ISiloBuilder silo, string grainStorageName, TableServiceClient tables, HubTableNames names)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        silo.AddHubTableGrainStorage(grainStorageName, tables, names.GrainState);
        var audit = new TableAuditStore(tables.GetTableClient(names.Audit));
        var feeds = new TableChangeFeedStore(tables.GetTableClient(names.ChangeFeed));
        silo.Services.AddSingleton(audit);
        silo.Services.AddSingleton(feeds);
        silo.Services.AddSingleton<IAuditStore>(audit);
        silo.Services.AddSingleton<IChangeFeedStore>(feeds);
        silo.Services.AddSingleton<IHubStore>(new AzureTablesHubStore(tables.GetTableClient(names.GrainState), audit, feeds));
        return silo;
    }
}
