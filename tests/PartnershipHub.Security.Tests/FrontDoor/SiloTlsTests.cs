using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>
/// Silos of one cluster talk over mutual TLS with the cluster certificate, as in production: children registered
/// through one silo are read through the other, which needs the grain calls between them to get through.
/// </summary>
public sealed class SiloTlsTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();
    private readonly RedisServer redis = new();
    private readonly TestCertificates certificates = new("PartnershipHub test cluster CA");
    private HubCluster? cluster;

    public async Task InitializeAsync()
    {
        try
        {
            await Task.WhenAll(storage.InitializeAsync(), redis.InitializeAsync());
        }
        catch
        {
            // xunit does not dispose a test class whose initialisation failed: leave no process behind.
            await DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Two_silos_holding_the_cluster_certificate_serve_each_others_children()
    {
        using var clusterCertificate = certificates.Issue("partnershiphub-cluster");
        var (certificatePath, keyPath) = certificates.WritePem(clusterCertificate, "cluster");
        cluster = new HubCluster(storage, redis, siloCount: 2, new Dictionary<string, string>
        {
            ["ClusterTls__CertificatePath"] = certificatePath,
            ["ClusterTls__KeyPath"] = keyPath,
            ["ClusterTls__AuthorityPath"] = certificates.AuthorityPath,
        });
        await cluster.StartAsync();
        using var load = new RegistrationLoad([cluster.Silos[0]], TimeSpan.FromSeconds(60));

        await load.RegisterAsync(calls: 30, concurrency: 4);

        Assert.Equal(0, load.FailureCount);
        Assert.Empty(await load.FindUnreadableAsync([cluster.Silos[1]], concurrency: 4));
        Assert.All(cluster.Silos, silo => Assert.Contains("silo traffic mutual TLS", silo.Output));
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        await redis.DisposeAsync();
        await storage.DisposeAsync();
        certificates.Dispose();
    }
}
