using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Domain.Access;
using PartnershipHub.Host.Configuration;

namespace PartnershipHub.Host.Identity;

/// <summary>JWT bearer authentication: an OpenID Connect authority in production, the local signing key otherwise.</summary>
public static class AuthenticationSetup
{
    /// <summary>Adds authentication and an authorisation policy that requires an authenticated caller by default.</summary>
    public static IServiceCollection AddHubAuthentication(this IServiceCollection services, AuthenticationSettings settings, string dataFolder)
    {
        // Created at start, not on the first call, so 'phub token' works as soon as the hub is up.
        var localKey = settings.Authority.Length > 0 ? null : new RsaSecurityKey(LocalSigningKey.LoadOrCreate(dataFolder));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            // Keep claim names as issued ("org", "role", "sub"), not mapped to long URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateAudience = true,
                ValidAudience = settings.Audience,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                RoleClaimType = HubClaims.Role,
                NameClaimType = HubClaims.UserId,
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = SingleValuedClaims.Check };
            if (localKey is null)
            {
                options.Authority = settings.Authority;
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = LocalSigningKey.Issuer;
                options.TokenValidationParameters.IssuerSigningKey = localKey;
            }
        });
        services.AddAuthorizationBuilder().SetFallbackPolicy(
            new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
