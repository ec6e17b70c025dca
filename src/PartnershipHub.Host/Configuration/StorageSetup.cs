using PartnershipHub.Abstractions;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Storage.Sqlite;

namespace PartnershipHub.Host.Configuration;

/// <summary>Chooses the hub's store from <see cref="StorageOptions"/> and refuses settings that would lose or split data.</summary>
public static class StorageSetup
{
    /// <summary>
    /// Registers the configured backend for grain state, audit trails and change feeds. Throws, before anything is
    /// opened, when SQLite is asked to serve a cluster, or when the data folder holds data of the earlier Azurite
    /// layout and no <c>hub.db</c> (starting on an empty database would hide that data).
    /// </summary>
    public static ISiloBuilder UseHubStorage(this ISiloBuilder silo, StorageOptions storage, ClusteringSettings clustering, string dataFolder)
    {
        switch (storage.Provider)
        {
            case StorageProvider.Sqlite when clustering.Provider != ClusteringProvider.Localhost:
                throw new InvalidOperationException(
                    $"Storage:Provider Sqlite keeps the hub's data in one file that only one hub process may open, but " +
                    $"Clustering:Provider is {clustering.Provider}: a cluster of silos needs a shared store. Use the Azure " +
                    "backend for a cluster: set Storage:Provider to AzureTables and Storage:ConnectionString or Storage:TableEndpoint.");
            case StorageProvider.Sqlite:
                RefuseEarlierAzuriteLayout(dataFolder);
                return silo.AddHubSqliteStore(StorageNames.Hub, Path.Combine(dataFolder, SqliteHubDatabase.FileName));
            case StorageProvider.AzureTables:
                return silo.AddHubAzureTablesStore(
                    StorageNames.Hub,
                    TableClients.Create(storage, logRequests: true),
                    new HubTableNames(storage.GrainStateTable, storage.AuditTable, storage.ChangeFeedTable));
            default:
                throw new InvalidOperationException($"Storage:Provider '{storage.Provider}' is not supported: use Sqlite or AzureTables.");
        }
    }

    private static void RefuseEarlierAzuriteLayout(string dataFolder)
    {
        var azurite = Path.Combine(dataFolder, "azurite");
        if (Directory.Exists(azurite) && Directory.EnumerateFileSystemEntries(azurite).Any()
            && !File.Exists(Path.Combine(dataFolder, SqliteHubDatabase.FileName)))
        {
            throw new InvalidOperationException(
                $"The data folder {dataFolder} holds data of the earlier Azurite store ({azurite}) and no " +
                $"{SqliteHubDatabase.FileName}: starting on the embedded SQLite store would start empty. To bring that " +
                "data onto the embedded store, start Azurite on it (as scripts/cluster.sh does) and run \"PartnershipHub.Host " +
                $"copy-store --from azure:CONNECTIONSTRING --to sqlite:{dataFolder}\", then move that folder out of the data " +
                "folder (deploy/OPERATIONS.md, \"Moving between stores\"). To keep using it on Azurite instead, set " +
                "Storage:Provider to AzureTables with Storage:ConnectionString. To start an empty embedded store, move " +
                "that folder out of the data folder first.");
        }
    }
}
