using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>Registers the whole hub store on one SQLite file: grain storage, audit trails, change feeds, the store itself.</summary>
public static class SqliteHubStoreExtensions
{
    /// <summary>Keeps everything the hub persists in the SQLite database at <paramref name="databasePath"/>.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="grainStorageName">The grain storage name grains refer to.</param>
    /// <param name="databasePath">The database file (<see cref="SqliteHubDatabase.FileName"/> in the data folder).</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddHubSqliteStore(this ISiloBuilder silo, string grainStorageName, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;

        // Created by the container, so the container disposes it (drains the writer, closes the file) on shutdown.
        services.AddSingleton(_ => new SqliteHubDatabase(databasePath));
        services.AddSingleton<IHubStore>(sp => sp.GetRequiredService<SqliteHubDatabase>());
        services.AddSingleton<IAuditStore>(sp => new SqliteAuditStore(sp.GetRequiredService<SqliteHubDatabase>()));
        services.AddSingleton<IChangeFeedStore>(sp => new SqliteChangeFeedStore(sp.GetRequiredService<SqliteHubDatabase>()));
        services.AddGrainStorage(grainStorageName, (sp, name) =>
            new SqliteGrainStorage(name, sp.GetRequiredService<SqliteHubDatabase>(), sp.GetService<IActivatorProvider>()));
        return silo;
    }
}
