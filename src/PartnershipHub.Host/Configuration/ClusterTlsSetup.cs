using System.Net;
using Orleans.Connections.Security;

namespace PartnershipHub.Host.Configuration;

/// <summary>
/// Mutual TLS for Orleans traffic, section <c>ClusterTls</c> (environment variables <c>ClusterTls__Name</c>): between
/// silos, and from Orleans clients to the gateway. Every silo and every client presents the cluster certificate.
/// </summary>
public sealed class ClusterTlsSettings : CertificateFiles
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ClusterTls";

    /// <summary>
    /// A PEM bundle of the authorities that issue cluster certificates (e.g. <c>ca.crt</c> of a Kubernetes TLS
    /// secret). Empty: the peer must present the very certificate this silo has.
    /// </summary>
    public string AuthorityPath { get; set; } = string.Empty;
}

/// <summary>
/// Where Orleans listens beyond the silo itself, and with what protection. Grains take the caller's identity as a
/// parameter (<c>Caller</c>) from the gRPC layer, which authenticated it; anyone who can send Orleans messages can
/// name any caller. So the gateway, through which Orleans clients call grains, is off unless configured, and then
/// only holders of the cluster certificate (as trusted as a silo) get in; silo-to-silo traffic leaving the machine
/// is encrypted and mutually authenticated the same way.
/// </summary>
public static class ClusterTlsSetup
{
    /// <summary>
    /// Requires the cluster certificate on every Orleans connection when one is configured; refuses to start with
    /// a gateway, or with silo traffic off this machine, without one.
    /// </summary>
    public static ISiloBuilder UseHubClusterTls(this ISiloBuilder silo, ClusterTlsSettings tls, HubOptions hub, ClusteringSettings clustering)
    {
        if (!tls.IsConfigured)
        {
            if (hub.GatewayPort != 0)
            {
                throw new InvalidOperationException(
                    $"Hub:GatewayPort is {hub.GatewayPort} but ClusterTls:CertificatePath is not configured. The gateway lets " +
                    "Orleans clients call grains as any caller, so it accepts only clients holding the cluster certificate: " +
                    "configure ClusterTls (see deploy/OPERATIONS.md), or leave Hub:GatewayPort at 0 (no gateway).");
            }

            if (clustering.KubernetesHosting || !IsLoopback(clustering.AdvertisedAddress))
            {
                throw new InvalidOperationException(
                    "Silo-to-silo traffic leaves this machine (Clustering:KubernetesHosting, or a Clustering:AdvertisedAddress " +
                    "that is not loopback) but ClusterTls:CertificatePath is not configured: configure the cluster " +
                    "certificate on every silo (see deploy/OPERATIONS.md).");
            }

            return silo;
        }

        var certificate = tls.Load(ClusterTlsSettings.Section);
        var trust = tls.AuthorityPath.Length > 0
            ? new CertificateTrust(CertificateFiles.LoadAuthorities(tls.AuthorityPath, $"{ClusterTlsSettings.Section}:AuthorityPath"))
            : null;
        return silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Silos are reached by IP address, so the certificate names no host: trust is the authority (or the
            // certificate itself), not a name.
            options.RemoteCertificateValidation = (presented, _, _) =>
                trust?.Accepts(presented) ?? presented.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        });
    }

    private static bool IsLoopback(string address) => IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip);
}
