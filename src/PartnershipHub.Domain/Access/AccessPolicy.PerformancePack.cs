namespace PartnershipHub.Domain.Access;

/// <summary>Who may open the board's performance pack, the web page of the partnership's figures.</summary>
public static partial class AccessPolicy
{
    /// <summary>
    /// The partnership's analysts and the board's administrators. Which figures they then see, and in which disclosure
    /// mode, is decided table by table as for any dataset (<see cref="CanReadDataset(Caller, Disclosure.DisclosureMode, IReadOnlyCollection{string}, bool, IReadOnlyCollection{string}, IEnumerable{Partnerships.PartnershipAgreement}, DateOnly)"/>).
    /// </summary>
    public static AccessDecision CanViewPerformancePack(Caller caller) =>
        caller.Role is HubRoles.PartnershipAnalyst or HubRoles.Administrator
            ? AccessDecision.Allow($"{caller.Role}: the board's performance pack")
            : AccessDecision.Deny($"role '{caller.Role}' may not open the board's performance pack; it is for the partnership's analysts and board");

    /// <summary>
    /// The published England and London comparators of the pack are loaded and listed by the partnership's analysts
    /// and the administrators, those who open the pack.
    /// </summary>
    public static AccessDecision CanKeepComparators(Caller caller) =>
        caller.Role is HubRoles.PartnershipAnalyst or HubRoles.Administrator
            ? AccessDecision.Allow($"{caller.Role}: the partnership's comparators")
            : AccessDecision.Deny($"role '{caller.Role}' does not keep the partnership's comparators; its analysts and administrators do");
}
