using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Access;

/// <summary>
/// The rules for identifiers (NHS number, UPN, borough case id): who may find a child by one, and whose case ids a
/// caller may use. An identifier must never tell a caller that a child they may not see exists.
/// </summary>
public static partial class AccessPolicy
{
    /// <summary>
    /// A child found by one of their identifiers is matched (a contact attached to them, a registration refused as a
    /// duplicate) only for a caller of the child's responsible borough, or of a borough sharing the MASH with it on
    /// <paramref name="day"/> under the partnership agreements. For anyone else the hub behaves as if no child held
    /// the identifier: it registers a new child and tells the other borough through its child's audit trail.
    /// </summary>
    public static AccessDecision CanMatchByIdentifier(Caller caller, string responsibleBorough, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (caller.Organisation == responsibleBorough)
        {
            return AccessDecision.Allow($"{caller.Organisation} is the child's responsible borough");
        }

        return PartnershipAgreements.Share(agreements, SharedService.Mash, caller.Organisation, responsibleBorough, day)
            ? AccessDecision.Allow($"{caller.Organisation} shares the MASH with {responsibleBorough} on {day:yyyy-MM-dd}")
            : AccessDecision.Deny($"{caller.Organisation} does not share the MASH with {responsibleBorough} on {day:yyyy-MM-dd}");
    }

    /// <summary>
    /// Case ids are a borough's own namespace: only that borough's case-working staff and sync service may give a
    /// case id of <paramref name="caseIdBorough"/>, so no other borough can take (or probe) a borough's case ids.
    /// </summary>
    public static AccessDecision CanUseCaseId(Caller caller, string caseIdBorough)
    {
        if (!CaseWorkingRoles.Contains(caller.Role))
        {
            return AccessDecision.Deny($"role '{caller.Role}' does not use borough case ids");
        }

        return caller.Organisation == caseIdBorough
            ? AccessDecision.Allow($"{caller.Role} of {caseIdBorough}, whose case id it is")
            : AccessDecision.Deny($"organisation {caller.Organisation} may not use case ids of borough {caseIdBorough}");
    }

    /// <summary>
    /// A borough's own social workers and sync service may link a case id of their own borough to a child the hub
    /// already holds, named by its hub id (which the responsible borough gave them): for their own borough's child,
    /// and for a child of a borough sharing with theirs, on <paramref name="day"/>, a service whose records a partner
    /// writes (fostering, adoption; see <see cref="CanSyncCareRecord"/>). That is how a partner's sync finds the
    /// child by its own case id once case ids are each borough's own. Anyone else is refused, whether or not the
    /// child exists.
    /// </summary>
    public static AccessDecision CanLinkCaseId(Caller caller, string responsibleBorough, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (caller.Role is not (HubRoles.SocialWorker or HubRoles.BoroughSync))
        {
            return AccessDecision.Deny($"role '{caller.Role}' does not link case ids to children");
        }

        if (caller.Organisation == responsibleBorough)
        {
            return AccessDecision.Allow($"{caller.Role} of {responsibleBorough}, the child's responsible borough");
        }

        var shared = PartnersRecords.Values.Distinct().Where(service => PartnershipAgreements.Share(agreements, service, caller.Organisation, responsibleBorough, day)).ToList();
        return shared.Count > 0
            ? AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, sharing {string.Join(" and ", shared)} with {responsibleBorough} on {day:yyyy-MM-dd}")
            : AccessDecision.Deny($"organisation {caller.Organisation} shares neither fostering nor adoption with {responsibleBorough} on {day:yyyy-MM-dd}");
    }
}
