namespace PartnershipHub.Domain.Access;

/// <summary>
/// Who may pull the safeguarding partnership's child-level extracts (domain sections 3 and 4): the partnership receives
/// aggregates and minimised extracts, not case files, and nobody else receives extracts at all.
/// </summary>
public static partial class AccessPolicy
{
    /// <summary>
    /// Only the partnership's analysts pull child-level extracts, of any partnership borough, and only minimised
    /// (birth month, postcode district, codes). A borough's own staff read their children's records through the case
    /// APIs instead; sync services, agencies and administrators get no extract.
    /// </summary>
    public static AccessDecision CanPullChildExtract(Caller caller) =>
        caller.Role == HubRoles.PartnershipAnalyst
            ? AccessDecision.Allow("partnership analyst: a minimised child-level extract for the safeguarding partnership")
            : AccessDecision.Deny($"role '{caller.Role}' may not pull child-level extracts; only the partnership's analysts receive them, minimised");
}
