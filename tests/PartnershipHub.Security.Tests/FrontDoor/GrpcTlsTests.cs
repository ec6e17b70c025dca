using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>
/// The gRPC API off the machine only over TLS: an eavesdropper's plaintext connection gets nothing, a client that
/// does not trust the hub's authority does not talk to it, and where client certificates are required a caller
/// without one is turned away in the handshake, before any token is read.
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class GrpcTlsTests(HubFixture fixture) : IDisposable
{
    private readonly TestCertificates certificates = new("PartnershipHub test gRPC CA");

    [Fact]
    public async Task A_hub_serving_TLS_answers_a_client_trusting_its_authority_and_nothing_in_plaintext()
    {
        await using var hub = Hub("tls-hub");
        using var served = certificates.Issue("partnershiphub");
        var (certificatePath, keyPath) = certificates.WritePem(served, "grpc");
        hub.Settings["Tls__CertificatePath"] = certificatePath;
        hub.Settings["Tls__KeyPath"] = keyPath;
        await hub.StartAsync();

        Assert.StartsWith("https://", hub.Address);
        Assert.NotEmpty(await Agreements(hub.Channel(), hub));
        using var probe = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && TestCertificates.ChainsTo(presented, certificates.Authority) },
        });
        Assert.Equal("Healthy", await probe.GetStringAsync(hub.Address + "/health/ready"));
        using var plaintext = GrpcChannel.ForAddress($"http://127.0.0.1:{hub.GrpcPort}");
        await Assert.ThrowsAsync<RpcException>(() => Health(plaintext));
        using var trustingOthers = GrpcChannel.ForAddress(hub.Address);
        await Assert.ThrowsAsync<RpcException>(() => Health(trustingOthers));
    }

    [Fact]
    public async Task With_client_certificates_required_a_caller_without_one_from_the_authority_is_refused()
    {
        await using var hub = Hub("mtls-hub");
        using var served = certificates.Issue("partnershiphub");
        hub.Settings["Tls__CertificatePath"] = certificates.WritePfx(served, "grpc", "a test password");
        hub.Settings["Tls__Password"] = "a test password";
        hub.Settings["Tls__ClientCertificates"] = "Require";
        hub.Settings["Tls__ClientAuthorityPath"] = certificates.AuthorityPath;
        using var syncService = certificates.Issue("westminster-sync");
        hub.ClientCertificate = syncService;
        await hub.StartAsync();

        Assert.NotEmpty(await Agreements(hub.Channel(), hub));
        hub.ClientCertificate = null;
        await Assert.ThrowsAsync<RpcException>(() => Agreements(hub.Channel(), hub));
        using var otherAuthority = new TestCertificates("PartnershipHub test gRPC CA");
        using var lookalike = otherAuthority.Issue("westminster-sync");
        hub.ClientCertificate = lookalike;
        await Assert.ThrowsAsync<RpcException>(() => Agreements(hub.Channel(), hub));
    }

    [Fact]
    public async Task A_hub_told_to_listen_off_loopback_without_a_certificate_refuses_to_start()
    {
        // An address this machine does not have: should the refusal ever be missing, binding fails instead of
        // opening a plaintext port to the network.
        await using var hub = Hub("plaintext-hub");
        hub.Settings["Hub__ListenAddress"] = "10.255.255.1";

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(hub.StartAsync);

        Assert.Contains("configure Tls:CertificatePath", refusal.Message);
    }

    /// <inheritdoc />
    public void Dispose() => certificates.Dispose();

    private HubProcess Hub(string name) =>
        new(Path.Combine(fixture.DataRoot, name))
        {
            TrustedAuthority = certificates.Authority,
        };

    private static async Task<IReadOnlyList<Agreement>> Agreements(GrpcChannel channel, HubProcess hub)
    {
        using (channel)
        {
            var reply = await new PartnershipService.PartnershipServiceClient(channel).ListAgreementsAsync(
                new ListAgreementsRequest(), hub.As("E09000033", "mash-practitioner"), DateTime.UtcNow.AddSeconds(30));
            return reply.Agreements;
        }
    }

    private static async Task Health(GrpcChannel channel) =>
        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
}
