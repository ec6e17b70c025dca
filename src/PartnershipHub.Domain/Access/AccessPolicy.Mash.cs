using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Domain.Access;

/// <summary>The MASH and information-sharing rules of the access policy (domain sections 2 and 4).</summary>
public static partial class AccessPolicy
{
    private static readonly HashSet<string> MashStaffRoles = new(StringComparer.Ordinal)
    {
        HubRoles.MashPractitioner, HubRoles.MashManager,
    };

    /// <summary>A borough's front door (MASH staff or its sync service) records contacts about children for that borough.</summary>
    public static AccessDecision CanRecordContact(Caller caller, string borough) =>
        IsCaseWorkerOf(caller, borough, "record a contact for");

    /// <summary>
    /// MASH staff work on a child's contacts, enquiries, consent and decisions when their borough takes part in the
    /// MASH partnership covering the child's responsible borough on <paramref name="day"/>.
    /// </summary>
    public static AccessDecision CanWorkOnMashCase(Caller caller, string responsibleBorough, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (!MashStaffRoles.Contains(caller.Role))
        {
            return AccessDecision.Deny($"role '{caller.Role}' does not work on MASH cases");
        }

        return PartnershipAgreements.Share(agreements, SharedService.Mash, caller.Organisation, responsibleBorough, day)
            ? AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, in the MASH partnership covering {responsibleBorough} on {day:yyyy-MM-dd}")
            : AccessDecision.Deny($"organisation {caller.Organisation} is not in a MASH partnership covering {responsibleBorough} on {day:yyyy-MM-dd}");
    }

    /// <summary>Only a MASH manager working on the case may authorise sharing without consent.</summary>
    public static AccessDecision CanAuthoriseSharingWithoutConsent(Caller caller, string responsibleBorough, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (caller.Role != HubRoles.MashManager)
        {
            return AccessDecision.Deny($"role '{caller.Role}' may not authorise sharing without consent; a {HubRoles.MashManager} must");
        }

        return CanWorkOnMashCase(caller, responsibleBorough, agreements, day);
    }

    /// <summary>An agency's responders see and answer only the information requests addressed to their agency.</summary>
    public static AccessDecision CanAnswerInformationRequest(Caller caller, string addressedTo)
    {
        if (caller.Role != HubRoles.AgencyResponder)
        {
            return AccessDecision.Deny($"role '{caller.Role}' does not answer information requests");
        }

        return caller.Organisation == addressedTo
            ? AccessDecision.Allow($"{HubRoles.AgencyResponder} of {addressedTo}, to which the request is addressed")
            : AccessDecision.Deny($"the request is addressed to another agency, not {caller.Organisation}");
    }

    /// <summary>The responsible borough's case-working staff may ask who has accessed a child's record, when and why.</summary>
    public static AccessDecision CanReadAccessHistory(Caller caller, string responsibleBorough) =>
        IsCaseWorkerOf(caller, responsibleBorough, "read the access history of a child of");

    /// <summary>Administrators change partnership agreements and verify audit chains; nobody else does.</summary>
    public static AccessDecision CanAdminister(Caller caller) =>
        caller.Role == HubRoles.Administrator
            ? AccessDecision.Allow("administrator")
            : AccessDecision.Deny($"role '{caller.Role}' is not an administrator");

    /// <summary>
    /// Decides what of a child's multi-agency information a caller may see, agency by agency. The caller must be
    /// MASH staff whose borough is in the MASH partnership covering the child's responsible borough on
    /// <paramref name="day"/>, asking for a sharing purpose. Each agency's contribution is then included only when
    /// the latest consent for that purpose and agency is given, or a decision to share without consent with a
    /// lawful basis is on record for that purpose and agency (or for every agency); otherwise it is withheld, and
    /// the answer says why without revealing it.
    /// </summary>
    public static MultiAgencyViewDecision MultiAgencyView(
        Caller caller,
        string responsibleBorough,
        AccessPurpose purpose,
        DateOnly day,
        IEnumerable<PartnershipAgreement> agreements,
        IReadOnlyCollection<ConsentFact> consents,
        IReadOnlyCollection<OverrideFact> overrides,
        IEnumerable<string> contributingAgencies)
    {
        if (!purpose.IsSharing())
        {
            return MultiAgencyViewDecision.Deny($"'{purpose.Name()}' is not a purpose for which multi-agency information is shared");
        }

        var access = CanWorkOnMashCase(caller, responsibleBorough, agreements, day);
        if (!access.Allowed)
        {
            return MultiAgencyViewDecision.Deny(access.Reason);
        }

        var decisions = contributingAgencies
            .Distinct(StringComparer.Ordinal)
            .Select(agency => ContributionDecision(agency, purpose, consents, overrides))
            .ToList();
        return new MultiAgencyViewDecision(true, access.Reason, decisions);
    }

    private static ContributionAccess ContributionDecision(
        string agency, AccessPurpose purpose, IReadOnlyCollection<ConsentFact> consents, IReadOnlyCollection<OverrideFact> overrides)
    {
        var consent = consents
            .Where(c => c.Purpose == purpose && c.Recipient == agency)
            .MaxBy(c => c.RecordedAt);
        if (consent?.State == ConsentState.Given)
        {
            return new ContributionAccess(agency, true, LawfulBasis.Consent, $"consent given for {purpose.Name()} on {consent.RecordedAt:yyyy-MM-dd}");
        }

        var sharing = overrides
            .Where(o => o.Purpose == purpose && (o.Agency is null || o.Agency == agency))
            .MaxBy(o => o.RecordedAt);
        if (sharing is not null)
        {
            return new ContributionAccess(agency, true, sharing.Basis,
                $"shared without consent on lawful basis {sharing.Basis}, authorised by {sharing.AuthorisedBy} on {sharing.RecordedAt:yyyy-MM-dd}");
        }

        var state = consent?.State ?? ConsentState.NotSought;
        return new ContributionAccess(agency, false, LawfulBasis.None,
            $"consent {Describe(state)} for {purpose.Name()} and no decision to share without consent is on record");
    }

    private static string Describe(ConsentState state) => state switch
    {
        ConsentState.Refused => "refused",
        ConsentState.Withdrawn => "withdrawn",
        _ => "not sought",
    };
}

/// <summary>Whether one agency's contribution to a multi-agency view is shown, and why.</summary>
/// <param name="Agency">The contributing agency.</param>
/// <param name="Included">True when it may be shown to the caller.</param>
/// <param name="Basis">The basis it is shown on; none when withheld.</param>
/// <param name="Reason">Why, in words fit for the caller and the audit trail.</param>
public sealed record ContributionAccess(string Agency, bool Included, LawfulBasis Basis, string Reason);

/// <summary>The policy's answer to a request for a child's multi-agency view.</summary>
/// <param name="Allowed">Whether the caller may see the view at all.</param>
/// <param name="Reason">The rule that allowed or refused.</param>
/// <param name="Contributions">Per agency: included or withheld, and why. Empty when refused.</param>
public sealed record MultiAgencyViewDecision(bool Allowed, string Reason, IReadOnlyList<ContributionAccess> Contributions)
{
    /// <summary>A refusal: nothing child-level is shown.</summary>
    public static MultiAgencyViewDecision Deny(string reason) => new(false, reason, []);
}
