using System.Security.Cryptography.X509Certificates;

namespace PartnershipHub.Host.Configuration;

/// <summary>
/// A certificate with its private key, read from files: a PEM certificate (chain) with a PEM key, or a PKCS#12 (PFX)
/// file with its password. A Kubernetes secret mounted as a volume is such a set of files.
/// </summary>
public class CertificateFiles
{
    /// <summary>The PEM certificate (the leaf first, then any intermediates) or the PFX file. Empty: not configured.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>The PEM private key of a PEM certificate (e.g. <c>tls.key</c> of a Kubernetes TLS secret).</summary>
    public string KeyPath { get; set; } = string.Empty;

    /// <summary>The password of a PFX file (from a secret, never from source); empty for a PFX without one.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Whether a certificate is configured.</summary>
    public bool IsConfigured => CertificatePath.Length > 0;

    /// <summary>
    /// Loads the certificate with its key: PEM when a key file is named, PFX otherwise. Fails naming the settings of
    /// <paramref name="section"/> when a file is missing or holds no private key.
    /// </summary>
    public X509Certificate2 Load(string section)
    {
        Require(CertificatePath, $"{section}:CertificatePath");
        X509Certificate2 certificate;
        if (KeyPath.Length > 0)
        {
            Require(KeyPath, $"{section}:KeyPath");
            certificate = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        }
        else
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password.Length > 0 ? Password : null);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException(
                $"{section}:CertificatePath {CertificatePath} holds no private key: give a PFX with its key, or a PEM certificate with {section}:KeyPath.");
    }

    /// <summary>Loads a PEM bundle of certificate authorities, failing naming <paramref name="setting"/>.</summary>
    public static X509Certificate2Collection LoadAuthorities(string path, string setting)
    {
        Require(path, setting);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities.Count > 0
            ? authorities
            : throw new InvalidOperationException($"{setting} {path} holds no PEM certificate.");
    }

    private static void Require(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}: no file at '{path}'.");
        }
    }
}

/// <summary>Decides whether a peer's certificate is one the hub trusts: it chains to one of a set of authorities.</summary>
public sealed class CertificateTrust(X509Certificate2Collection authorities)
{
    /// <summary>
    /// True when <paramref name="presented"/> chains to one of the authorities (and to nothing else: the machine's
    /// own trust store plays no part) and is within its validity period. Revocation is not checked: the hub's
    /// peers are its own silos and partners' services, and a compromised certificate is handled by replacing the
    /// authority bundle.
    /// </summary>
    public bool Accepts(X509Certificate2 presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }
}
