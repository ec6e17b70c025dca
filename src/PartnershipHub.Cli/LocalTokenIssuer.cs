using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Cli;

/// <summary>Issues bearer tokens signed with the hub's local key, for trying the hub and for tests.</summary>
public static class LocalTokenIssuer
{
    /// <summary>
    /// A token for a user of an organisation in a role, valid for <paramref name="lifetime"/> from
    /// <paramref name="issuedAt"/> (now unless given: tests make tokens that have expired).
    /// </summary>
    public static string Issue(
        RSA key, string organisation, string role, string userId, TimeSpan lifetime, string audience = LocalSigningKey.DefaultAudience, DateTime? issuedAt = null)
    {
        var now = issuedAt ?? DateTime.UtcNow;
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

    /// <summary>The role, if the hub knows it; otherwise a usage error listing the roles it knows.</summary>
    public static string KnownRole(string role) => HubRoles.All.Contains(role)
        ? role
        : throw new UsageException($"Unknown role '{role}'. Roles: {string.Join(", ", HubRoles.All)}.");

    /// <summary>
    /// The organisation, if it is a partnership borough's ONS code or has an agency code's form (2 to 32 letters,
    /// digits and hyphens, e.g. <c>met-police</c> or an ODS code such as <c>RV3</c>); otherwise a usage error. The hub
    /// keeps no list of agencies, so any well-formed agency code is taken, but an ONS local authority code must be one
    /// of the partnership's boroughs.
    /// </summary>
    public static string KnownOrganisation(string organisation)
    {
        if (Borough.Find(organisation) is not null)
        {
            return organisation;
        }

        var boroughs = string.Join(", ", Borough.All.Select(b => b.Code));
        var onsCode = organisation.Length == 9 && organisation[0] == 'E' && organisation.Skip(1).All(char.IsAsciiDigit);
        return !onsCode && organisation.Length is >= 2 and <= 32 && organisation.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? organisation
            : throw new UsageException($"Unknown organisation '{organisation}'. A borough is one of {boroughs}; an agency's code is 2 to 32 letters, digits and hyphens, e.g. met-police.");
    }

    /// <summary>A token signed with the key in a hub's data folder.</summary>
    public static string Issue(string dataFolder, string organisation, string role, string userId, TimeSpan lifetime)
    {
        using var key = LocalSigningKey.Load(LocalSigningKey.PathIn(dataFolder));
        return Issue(key, organisation, role, userId, lifetime);
    }
}
