namespace PartnershipHub.Domain.Access;

/// <summary>Who may read the partnership's datasets: aggregates, disclosure-controlled, never case files.</summary>
public static partial class AccessPolicy
{
    private static readonly HashSet<string> BoroughStaffRoles = new(StringComparer.Ordinal)
    {
        HubRoles.MashPractitioner, HubRoles.MashManager, HubRoles.SocialWorker,
    };

    /// <summary>
    /// The partnership's analysts may read datasets of any partnership borough and of the partnership as a whole; a
    /// borough's own staff may read their own borough's. Sync services, agencies and administrators read none.
    /// </summary>
    public static AccessDecision CanReadDataset(Caller caller, IReadOnlyCollection<string> boroughs, bool includesPartnership)
    {
        if (caller.Role == HubRoles.PartnershipAnalyst)
        {
            return AccessDecision.Allow("partnership analyst: aggregates of every borough");
        }

        if (!BoroughStaffRoles.Contains(caller.Role))
        {
            return AccessDecision.Deny($"role '{caller.Role}' may not read the partnership's datasets");
        }

        if (includesPartnership)
        {
            return AccessDecision.Deny("only the partnership's analysts may read the partnership's own figures");
        }

        var other = boroughs.FirstOrDefault(b => b != caller.Organisation);
        return other is null
            ? AccessDecision.Allow($"{caller.Role} of borough {caller.Organisation}: its own aggregates")
            : AccessDecision.Deny($"organisation {caller.Organisation} may not read the datasets of borough {other}");
    }

    /// <summary>The boroughs a caller's dataset covers when they name none: every borough for an analyst, otherwise their own.</summary>
    public static IReadOnlyList<string> DefaultDatasetBoroughs(Caller caller, IReadOnlyList<string> partnershipBoroughs) =>
        caller.Role == HubRoles.PartnershipAnalyst ? partnershipBoroughs : [caller.Organisation];
}
