using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Orleans.TestingHost;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Domain.Board;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Storage.Sqlite;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// A real silo with the hub's grains on the embedded store (a SQLite file of its own), whose writes fail as
/// <see cref="Faults"/> says; restarted on the same file as a hub process would be.
/// </summary>
public sealed class ChildSilo : IAsyncDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("phub-followups-");
    private readonly string serviceId = "phub-followups-" + Guid.NewGuid().ToString("N");
    private readonly byte[] indexSecret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private InProcessTestCluster? cluster;

    /// <summary>The writes that fail.</summary>
    public StoreFaults Faults { get; } = new();

    /// <summary>Calls into the silo.</summary>
    public IGrainFactory Grains => cluster!.Client;

    /// <summary>The audit store of the running silo, past the fault switch.</summary>
    public IAuditStore Audit => cluster!.Silos[0].ServiceProvider.GetRequiredService<IAuditStore>();

    /// <summary>The grain storage of the running silo, past the fault switch: for rows as an earlier build stored them.</summary>
    public IGrainStorage GrainStorage => cluster!.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Hub);

    /// <summary>A Westminster child's registration, with a date of birth and no identifiers.</summary>
    public static ChildRegistration SampleRegistration { get; } =
        new("E09000033", "Sam", "Example", BirthDateStatus.Known, new DateOnly(2015, 4, 1), null, null, []);

    /// <summary>Starts a silo on a new database.</summary>
    public static async Task<ChildSilo> Start()
    {
        var silo = new ChildSilo();
        await silo.StartCluster();
        return silo;
    }

    /// <summary>Stops the silo (its grains deactivate, writing what they write then) and starts another on the same file.</summary>
    public async Task Restart()
    {
        await cluster!.StopAllSilosAsync();
        await cluster.DisposeAsync();
        await StartCluster();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        folder.Delete(recursive: true);
    }

    private async Task StartCluster()
    {
        var database = Path.Combine(folder.FullName, SqliteHubDatabase.FileName);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            var services = silo.Services;
            services.AddSerializer(serializer => serializer.AddHubDomainTypes());
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(new IdentifierKeys(indexSecret));
            services.AddSingleton(new ChangeFeedOptions());
            services.AddSingleton(new ResponseTimes());
            services.AddSingleton(new BoardSettings());
            services.AddSingleton(_ =>
            {
                var opened = new SqliteHubDatabase(database);
                opened.InitialiseAsync(CancellationToken.None).GetAwaiter().GetResult();
                return opened;
            });
            services.AddSingleton<IAuditStore>(sp => new FaultyAuditStore(new SqliteAuditStore(sp.GetRequiredService<SqliteHubDatabase>()), Faults));
            services.AddSingleton<IChangeFeedStore>(sp => new SqliteChangeFeedStore(sp.GetRequiredService<SqliteHubDatabase>()));
            services.AddGrainStorage(StorageNames.Hub, (sp, name) => new FaultyGrainStorage(
                new SqliteGrainStorage(name, sp.GetRequiredService<SqliteHubDatabase>(), sp.GetService<IActivatorProvider>()), Faults));
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddHubDomainTypes()));
        cluster = builder.Build();
        await cluster.DeployAsync();
    }
}
