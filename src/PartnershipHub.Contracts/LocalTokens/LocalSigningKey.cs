using System.Security.Cryptography;

namespace PartnershipHub.Contracts.LocalTokens;

/// <summary>
/// The token signing key for local use, kept in the hub's data folder. The host creates it on first start and
/// trusts tokens signed with it; <c>phub token</c> signs with it. Production trusts an OpenID Connect authority
/// instead and never reads this file.
/// </summary>
public static class LocalSigningKey
{
    /// <summary>The issuer of locally signed tokens.</summary>
    public const string Issuer = "partnershiphub-local";

    /// <summary>The audience the hub expects in tokens, unless configured otherwise.</summary>
    public const string DefaultAudience = "partnershiphub";

    /// <summary>Where the key lives inside a data folder.</summary>
    public static string PathIn(string dataFolder) => Path.Combine(dataFolder, "keys", "token-signing-key.pem");

    /// <summary>Loads the key from the data folder, creating it (RSA 2048, readable by the owner only) on first use.</summary>
    public static RSA LoadOrCreate(string dataFolder)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var created = RSA.Create(2048);
            var pem = created.ExportPkcs8PrivateKeyPem();
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            // Two starts racing: the first rename wins and both then read the same key.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temporary);
            }
        }

        return Load(path);
    }

    /// <summary>Loads an existing key; fails with a clear message when the hub has not created it yet.</summary>
    public static RSA Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No token signing key at {path}. Start the hub once (scripts/run.sh) to create it, or point --data-folder at the hub's data folder.",
                path);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return rsa;
    }
}
