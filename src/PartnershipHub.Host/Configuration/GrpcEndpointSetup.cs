using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace PartnershipHub.Host.Configuration;

/// <summary>Whether callers of the gRPC API present certificates of their own (mutual TLS).</summary>
public enum ClientCertificates
{
    /// <summary>No client certificate is asked for: callers are known by their bearer tokens alone.</summary>
    None,

    /// <summary>A client certificate is asked for but not required; one that is presented must chain to <c>Tls:ClientAuthorityPath</c>.</summary>
    Allow,

    /// <summary>Every connection must present a certificate chaining to <c>Tls:ClientAuthorityPath</c>; others are refused in the handshake.</summary>
    Require,
}

/// <summary>TLS of the gRPC API, section <c>Tls</c> (environment variables <c>Tls__Name</c>).</summary>
public sealed class TlsSettings : CertificateFiles
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Tls";

    /// <summary>Client certificates (mutual TLS), e.g. for boroughs' sync services. <see cref="ClientCertificates.None"/> unless configured.</summary>
    public ClientCertificates ClientCertificates { get; set; } = ClientCertificates.None;

    /// <summary>A PEM bundle of the authorities whose client certificates are accepted; required unless <see cref="ClientCertificates"/> is None.</summary>
    public string ClientAuthorityPath { get; set; } = string.Empty;
}

/// <summary>The one endpoint the hub serves gRPC on: TLS from a configured certificate, or plaintext on loopback only.</summary>
public static class GrpcEndpointSetup
{
    /// <summary>
    /// Listens on <c>Hub:ListenAddress</c>:<c>Hub:GrpcPort</c> with HTTP/2. Refuses to start when the address is not
    /// loopback and no certificate is configured: tokens and children's records would cross the network in clear.
    /// </summary>
    public static void ListenForGrpc(this KestrelServerOptions kestrel, HubOptions hub, TlsSettings tls)
    {
        var address = CheckedAddress(hub, tls, "gRPC");
        var https = tls.IsConfigured ? HttpsOptions(tls) : null;
        kestrel.Listen(address, hub.GrpcPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (https is not null)
            {
                // HTTP/1.1 too, negotiated by ALPN, for the orchestrator's HTTPS probes (gRPC probes cannot use TLS);
                // gRPC itself refuses anything but HTTP/2.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https);
            }
        });
    }

    /// <summary>
    /// Listens for the board's performance pack on <c>Hub:ListenAddress</c>:<c>Hub:WebPort</c> when the port is set:
    /// HTTP/1.1 for browsers (and HTTP/2 by ALPN with TLS), under the same rule as gRPC: TLS off loopback.
    /// </summary>
    public static void ListenForWeb(this KestrelServerOptions kestrel, HubOptions hub, TlsSettings tls)
    {
        if (hub.WebPort == 0)
        {
            return;
        }

        var address = CheckedAddress(hub, tls, "The performance pack");
        var https = tls.IsConfigured ? HttpsOptions(tls) : null;
        kestrel.Listen(address, hub.WebPort, listen =>
        {
            listen.Protocols = https is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            if (https is not null)
            {
                listen.UseHttps(https);
            }
        });
    }

    private static IPAddress CheckedAddress(HubOptions hub, TlsSettings tls, string what)
    {
        var address = IPAddress.Parse(hub.ListenAddress);
        if (!tls.IsConfigured && !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException(
                $"Hub:ListenAddress {hub.ListenAddress} is not a loopback address, and {what} off this machine must use TLS: " +
                "configure Tls:CertificatePath (a PEM certificate with Tls:KeyPath, or a PFX with Tls:Password), or listen " +
                "on 127.0.0.1. See deploy/OPERATIONS.md.");
        }

        return address;
    }

    private static HttpsConnectionAdapterOptions HttpsOptions(TlsSettings tls)
    {
        var https = new HttpsConnectionAdapterOptions { ServerCertificate = tls.Load(TlsSettings.Section) };
        if (tls.ClientCertificates == ClientCertificates.None)
        {
            return https;
        }

        var trust = new CertificateTrust(CertificateFiles.LoadAuthorities(tls.ClientAuthorityPath, $"{TlsSettings.Section}:ClientAuthorityPath"));
        https.ClientCertificateMode = tls.ClientCertificates == ClientCertificates.Require
            ? ClientCertificateMode.RequireCertificate
            : ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (presented, _, _) => trust.Accepts(presented);
        return https;
    }
}
