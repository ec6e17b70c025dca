using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Connections.Security;

namespace PartnershipHub.Testing;

/// <summary>An Orleans client of one silo on loopback, as a tool (or an attacker) would make one.</summary>
public static class GatewayClient
{
    /// <summary>How long a client is given to connect: a gateway that lets it in does so within a few seconds.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connects to the gateway on <paramref name="port"/> claiming the given service and cluster ids, presenting
    /// <paramref name="certificate"/> over TLS when one is given (trusting the silo that holds a certificate of
    /// <paramref name="authority"/>), in plaintext otherwise. Throws when the silo does not let the client in.
    /// </summary>
    public static async Task<IHost> ConnectAsync(
        int port, string serviceId, string clusterId, X509Certificate2? certificate = null, X509Certificate2? authority = null,
        Action<IClientBuilder>? configure = null)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseLocalhostClustering(port, serviceId, clusterId);
                if (certificate is not null)
                {
                    client.UseTls(certificate, tls =>
                    {
                        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                        tls.RemoteCertificateValidation = (presented, _, _) => authority is not null && TestCertificates.ChainsTo(presented, authority);
                    });
                }

                configure?.Invoke(client);
            })
            .Build();
        try
        {
            await host.StartAsync().WaitAsync(ConnectTimeout);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The cluster's silos as its management grain reports them: a call that only a connected client can make.</summary>
    public static Task<Dictionary<SiloAddress, SiloStatus>> Hosts(IHost client) =>
        client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
}
