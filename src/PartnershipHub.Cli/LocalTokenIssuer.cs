using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Cli;

/// <summary>Issues bearer tokens signed with the hub's local key, for trying the hub and for tests.</summary>
public static class LocalTokenIssuer
{
    /// <summary>A token for a user of an organisation in a role, valid for <paramref name="lifetime"/>.</summary>
    public static string Issue(RSA key, string organisation, string role, string userId, TimeSpan lifetime, string audience = LocalSigningKey.DefaultAudience)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = LocalSigningKey.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(HubClaims.Organisation, organisation),
                new Claim(HubClaims.Role, role),
                new Claim(HubClaims.UserId, userId),
            ]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256)
            {
                // The key is often disposed right after signing; a cached signature provider would outlive it.
                CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
            },
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A token signed with the key in a hub's data folder.</summary>
    public static string Issue(string dataFolder, string organisation, string role, string userId, TimeSpan lifetime)
    {
        using var key = LocalSigningKey.Load(LocalSigningKey.PathIn(dataFolder));
        return Issue(key, organisation, role, userId, lifetime);
    }
}
