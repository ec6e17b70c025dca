using System.Security.Cryptography;

namespace PartnershipHub.Host.Identity;

/// <summary>The secret that keys the identifier index: from configuration, or created once in the data folder.</summary>
public static class IdentifierIndexSecret
{
    /// <summary>Returns the configured secret, or the data folder's, creating it on first start.</summary>
    public static byte[] Resolve(string configured, string dataFolder)
    {
        if (configured.Length > 0)
        {
            return Convert.FromBase64String(configured);
        }

        var path = Path.Combine(dataFolder, "keys", "identifier-index.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
