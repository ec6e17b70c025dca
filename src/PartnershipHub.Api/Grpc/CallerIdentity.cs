using System.Security.Claims;
using Grpc.Core;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Api.Grpc;

/// <summary>Establishes who is calling from the authenticated token, and from nothing else.</summary>
public static class CallerIdentity
{
    /// <summary>
    /// The caller of this gRPC call, read from the validated bearer token's claims. Fails with UNAUTHENTICATED when
    /// the token lacks a claim the hub needs, and PERMISSION_DENIED when its role is not one the hub knows.
    /// </summary>
    public static Caller GetCaller(this ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
        {
            throw RpcErrors.Unauthenticated("A bearer token is required.");
        }

        string Claim(string type) =>
            user.FindFirst(type)?.Value is { Length: > 0 } value
                ? value
                : throw RpcErrors.Unauthenticated($"The token has no '{type}' claim.");

        var caller = new Caller(Claim(HubClaims.Organisation), Claim(HubClaims.Role), Claim(HubClaims.UserId));
        if (!HubRoles.All.Contains(caller.Role))
        {
            throw RpcErrors.PermissionDenied($"role '{caller.Role}' is not a hub role");
        }

        return caller;
    }

    /// <summary>
    /// The caller a validated sign-in names (the performance pack's session), or null when it lacks an organisation,
    /// role or user, or its role is not one the hub knows.
    /// </summary>
    public static Caller? FromClaims(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var (organisation, role, id) = (user.FindFirst(HubClaims.Organisation)?.Value, user.FindFirst(HubClaims.Role)?.Value, user.FindFirst(HubClaims.UserId)?.Value);
        return organisation is { Length: > 0 } && role is { Length: > 0 } && id is { Length: > 0 } && HubRoles.All.Contains(role)
            ? new Caller(organisation, role, id)
            : null;
    }
}
