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
/// <param name="Audit">The table holding the audit trails.</param>
/// <param name="ChangeFeed">The table holding boroughs' change feeds.</param>
public sealed record HubTableNames(string GrainState = "HubGrainState", string Audit = "HubAudit", string ChangeFeed = "HubChangeFeed");

/// <summary>
/// The hub's store on Azure Table Storage as a whole: creates the audit and change-feed tables on start (the grain
/// state table is created by <see cref="HubTableGrainStorage"/> with the silo) and answers the readiness check.
/// </summary>
public sealed class AzureTablesHubStore(TableAuditStore audit, TableChangeFeedStore feeds) : IHubStore
{
    /// <inheritdoc />
    public string Description => $"Azure Tables at {audit.Table.Uri.GetLeftPart(UriPartial.Authority)}";

    /// <inheritdoc />
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        await audit.Table.CreateIfNotExistsAsync(cancellationToken);
        await feeds.Table.CreateIfNotExistsAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in audit.Table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            throw new StoreUnavailableException("The table store does not answer: " + ex.GetType().Name, ex);
        }
    }
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
        silo.AddHubTableGrainStorage(grainStorageName, options =>
        {
            options.TableServiceClient = tables;
            options.TableName = names.GrainState;
        });
        var audit = new TableAuditStore(tables.GetTableClient(names.Audit));
        var feeds = new TableChangeFeedStore(tables.GetTableClient(names.ChangeFeed));
        silo.Services.AddSingleton(audit);
        silo.Services.AddSingleton(feeds);
        silo.Services.AddSingleton<IAuditStore>(audit);
        silo.Services.AddSingleton<IChangeFeedStore>(feeds);
        silo.Services.AddSingleton<IHubStore>(new AzureTablesHubStore(audit, feeds));
        return silo;
    }
}
