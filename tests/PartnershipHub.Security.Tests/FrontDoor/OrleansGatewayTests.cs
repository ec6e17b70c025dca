using PartnershipHub.Testing;
using Xunit.Abstractions;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>
/// An attacker with an Orleans client tries to reach the grains directly, around the gRPC front door, where a forged
/// <c>Caller</c> would be believed: a default hub offers no gateway at all, and a configured gateway lets in only
/// holders of the cluster certificate.
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class OrleansGatewayTests(HubFixture fixture, ITestOutputHelper output)
{
    private const string HubServiceId = "partnershiphub";
    private const string HubClusterId = "local";

    [Theory]
    [InlineData("dev", "dev")]
    [InlineData(HubServiceId, HubClusterId)]
    public async Task A_plain_Orleans_client_finds_no_port_of_a_default_hub_that_lets_it_in(string serviceId, string clusterId)
    {
        var ports = ListeningPorts.Of(fixture.Hub.ProcessId!.Value);

        Assert.Equal(new HashSet<int> { fixture.Hub.GrpcPort, fixture.Hub.SiloPort }, ports);
        await Task.WhenAll(ports.Select(async port =>
        {
            var refusal = await Assert.ThrowsAnyAsync<Exception>(() => GatewayClient.ConnectAsync(port, serviceId, clusterId));
            output.WriteLine($"port {port}: {refusal.GetType().Name}: {refusal.Message}");
        }));
    }

    [Fact]
    public async Task A_gateway_without_the_cluster_certificate_is_refused_at_start()
    {
        await using var hub = new HubProcess(Path.Combine(fixture.DataRoot, "open-gateway-hub"))
        {
            OpensGateway = true,
        };

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(hub.StartAsync);

        Assert.Contains("ClusterTls:CertificatePath is not configured", refusal.Message);
    }

    [Fact]
    public async Task A_configured_gateway_lets_in_only_a_client_holding_the_cluster_certificate()
    {
        using var certificates = new TestCertificates("PartnershipHub test cluster CA");
        using var clusterCertificate = certificates.Issue("partnershiphub-cluster");
        var (certificatePath, keyPath) = certificates.WritePem(clusterCertificate, "cluster");
        await using var hub = new HubProcess(Path.Combine(fixture.DataRoot, "gateway-hub"))
        {
            OpensGateway = true,
        };
        hub.Settings["ClusterTls__CertificatePath"] = certificatePath;
        hub.Settings["ClusterTls__KeyPath"] = keyPath;
        hub.Settings["ClusterTls__AuthorityPath"] = certificates.AuthorityPath;
        await hub.StartAsync();
        using var attackersAuthority = new TestCertificates("PartnershipHub test cluster CA");
        using var lookalike = attackersAuthority.Issue("partnershiphub-cluster");

        await Assert.ThrowsAnyAsync<Exception>(() => GatewayClient.ConnectAsync(hub.GatewayPort, HubServiceId, HubClusterId));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            GatewayClient.ConnectAsync(hub.GatewayPort, HubServiceId, HubClusterId, lookalike, certificates.Authority));

        using var tool = await GatewayClient.ConnectAsync(hub.GatewayPort, HubServiceId, HubClusterId, clusterCertificate, certificates.Authority);
        Assert.Single(await GatewayClient.Hosts(tool));
    }
}
