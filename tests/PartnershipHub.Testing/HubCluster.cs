namespace PartnershipHub.Testing;

/// <summary>
/// Several hub processes on loopback forming one Orleans cluster: one table store, membership in Redis or in the
/// store's account, and one shared data folder, so every silo trusts the same token signing key and keys the
/// identifier index alike.
/// </summary>
public sealed class HubCluster : IAsyncDisposable
{
    private readonly List<HubProcess> silos = [];

    /// <summary>Prepares <paramref name="siloCount"/> silos with membership in <paramref name="redis"/>; <paramref name="settings"/> are added to each one's configuration.</summary>
    public HubCluster(AzuriteServer storage, RedisServer redis, int siloCount, IReadOnlyDictionary<string, string>? settings = null)
        : this(storage, RedisMembership(redis), siloCount, settings)
    {
    }

    /// <summary>Prepares <paramref name="siloCount"/> silos with the <paramref name="membership"/> settings and then <paramref name="settings"/>.</summary>
    public HubCluster(AzuriteServer storage, IReadOnlyDictionary<string, string> membership, int siloCount, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataFolder = Path.Combine(storage.DataFolder, "cluster");
        for (var i = 0; i < siloCount; i++)
        {
            var silo = new HubProcess(storage.ConnectionString, DataFolder);
            foreach (var (key, value) in membership.Concat(settings ?? new Dictionary<string, string>()))
            {
                silo.Settings[key] = value;
            }

            silos.Add(silo);
        }
    }

    /// <summary>Membership in the storage account's table (<c>Clustering:Provider</c> AzureTables): a cluster on Azure with no Redis.</summary>
    public static IReadOnlyDictionary<string, string> AzureTableMembership { get; } =
        new Dictionary<string, string> { ["Clustering__Provider"] = "AzureTables" };

    /// <summary>Membership in <paramref name="redis"/>.</summary>
    public static IReadOnlyDictionary<string, string> RedisMembership(RedisServer redis) => new Dictionary<string, string>
    {
        ["Clustering__Provider"] = "Redis",
        ["Clustering__RedisConnectionString"] = redis.ConnectionString,
    };

    /// <summary>The data folder all silos share.</summary>
    public string DataFolder { get; }

    /// <summary>The silos, in the order they were prepared.</summary>
    public IReadOnlyList<HubProcess> Silos => silos;

    /// <summary>
    /// Starts the first silo alone, since it creates the shared keys in the data folder, then the others together;
    /// returns once every silo is SERVING.
    /// </summary>
    public async Task StartAsync()
    {
        await silos[0].StartAsync();
        await Task.WhenAll(silos.Skip(1).Select(silo => silo.StartAsync()));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(silos.Select(silo => silo.DisposeAsync().AsTask()));
}
