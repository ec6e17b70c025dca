using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Cluster.Tests;

/// <summary>A silo misconfigured for clustering refuses to start and says which setting is wrong.</summary>
public sealed class ClusteringConfigurationTests
{
    // Nothing listens here: the silo must stop on its settings before it ever reaches a store.
    private static readonly string UnusedStore =
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.DevAccountName};AccountKey=AAAA;TableEndpoint=http://127.0.0.1:{FreePort.Next()}/{AzuriteServer.DevAccountName};";

    [Theory]
    [InlineData("Redis", "", "false", "Clustering:RedisConnectionString is empty")]
    [InlineData("Localhost", "", "true", "Clustering:KubernetesHosting needs a shared membership store")]
    public async Task A_silo_with_incomplete_clustering_settings_exits_naming_the_setting(
        string provider, string redis, string kubernetes, string expected)
    {
        await using var hub = new HubProcess(UnusedStore, Path.Combine(Path.GetTempPath(), "phub-config-" + Guid.NewGuid().ToString("N")));
        hub.Settings["Clustering__Provider"] = provider;
        hub.Settings["Clustering__RedisConnectionString"] = redis;
        hub.Settings["Clustering__KubernetesHosting"] = kubernetes;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(hub.StartAsync);

        Assert.Contains("The hub exited", refused.Message);
        Assert.Contains(expected, hub.Output);
    }
}
