namespace PartnershipHub.Domain.Access;

/// <summary>The token claims the hub reads a caller's identity from.</summary>
public static class HubClaims
{
    /// <summary>The caller's organisation: an ONS code for a borough, an ODS or named code for an agency.</summary>
    public const string Organisation = "org";

    /// <summary>The caller's role, one of <see cref="HubRoles"/>.</summary>
    public const string Role = "role";

    /// <summary>The acting user or system.</summary>
    public const string UserId = "sub";
}
