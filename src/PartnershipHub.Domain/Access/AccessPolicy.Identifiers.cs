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
}
