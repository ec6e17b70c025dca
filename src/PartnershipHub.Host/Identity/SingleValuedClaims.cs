using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Host.Identity;

/// <summary>
/// Refuses a token that names its caller ambiguously: an <c>org</c>, <c>role</c> or <c>sub</c> claim given twice
/// or as a list. Read from the token's own JSON, since a parser keeps only one of two same-named members and a list
/// becomes several claims, of which the hub would otherwise take the first.
/// </summary>
public static class SingleValuedClaims
{
    private static readonly string[] IdentityClaims = [HubClaims.Organisation, HubClaims.Role, HubClaims.UserId];

    /// <summary>Fails authentication (UNAUTHENTICATED) for a validated token whose identity claims are ambiguous.</summary>
    public static Task Check(TokenValidatedContext context)
    {
        var ambiguous = context.SecurityToken is JsonWebToken token
            ? FirstAmbiguous(Base64UrlEncoder.DecodeBytes(token.EncodedPayload))
            : "payload";
        if (ambiguous is not null)
        {
            context.Fail($"The token's '{ambiguous}' claim must appear once, as a single string.");
        }

        return Task.CompletedTask;
    }

    /// <summary>The first identity claim of a JWT payload that appears twice or is not a string; null if none.</summary>
    public static string? FirstAmbiguous(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (IdentityClaims.Contains(name) && (!seen.Add(name) || reader.TokenType != JsonTokenType.String))
            {
                return name;
            }

            reader.Skip();
        }

        return null;
    }
}
