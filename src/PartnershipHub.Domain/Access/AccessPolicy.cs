namespace PartnershipHub.Domain.Access;

/// <summary>
/// The one place that decides who may see or change what. Everything is denied unless a rule here allows it.
/// The API layer asks before calling grains, and grains ask again for what they own.
/// </summary>
public static partial class AccessPolicy
{
    private static readonly HashSet<string> CaseWorkingRoles = new(StringComparer.Ordinal)
    {
        HubRoles.MashPractitioner, HubRoles.MashManager, HubRoles.SocialWorker, HubRoles.BoroughSync,
    };

    /// <summary>A borough's case-working staff or sync service may register a child with their own borough.</summary>
    public static AccessDecision CanRegisterChild(Caller caller, string borough) =>
        IsCaseWorkerOf(caller, borough, "register a child with");

    /// <summary>
    /// A child's record may be read by case-working staff of the child's responsible borough.
    /// (Partner boroughs and agencies gain access through partnership agreements and consent, which
    /// extend this rule in the MASH capability.)
    /// </summary>
    public static AccessDecision CanReadChild(Caller caller, string responsibleBorough) =>
        IsCaseWorkerOf(caller, responsibleBorough, "read a child of");

    /// <summary>A borough's case-working staff may list the children their borough is responsible for.</summary>
    public static AccessDecision CanListBoroughChildren(Caller caller, string borough) =>
        IsCaseWorkerOf(caller, borough, "list the children of");

    private static AccessDecision IsCaseWorkerOf(Caller caller, string borough, string action) =>
        IsStaffOf(caller, CaseWorkingRoles, borough, action);

    private static AccessDecision IsStaffOf(Caller caller, IReadOnlySet<string> roles, string borough, string action)
    {
        if (!roles.Contains(caller.Role))
        {
            return AccessDecision.Deny($"role '{caller.Role}' may not {action} a borough");
        }

        return caller.Organisation == borough
            ? AccessDecision.Allow($"{caller.Role} of the responsible borough {borough}")
            : AccessDecision.Deny($"organisation {caller.Organisation} may not {action} borough {borough}");
    }
}
