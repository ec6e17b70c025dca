namespace PartnershipHub.Domain.Access;

/// <summary>
/// Who is calling, as established by the API layer from a validated token. It is passed explicitly to
/// every grain call; nothing in request data can change it.
/// </summary>
/// <param name="Organisation">The caller's organisation: an ONS code for a borough, an ODS or named code for an agency.</param>
/// <param name="Role">One of <see cref="HubRoles"/>.</param>
/// <param name="UserId">The person or system acting, as the identity provider names them.</param>
public sealed record Caller(string Organisation, string Role, string UserId);
