namespace PartnershipHub.Domain.Access;

/// <summary>The roles a caller's token can carry. Anything else is refused.</summary>
public static class HubRoles
{
    /// <summary>MASH and front-door staff of a borough.</summary>
    public const string MashPractitioner = "mash-practitioner";

    /// <summary>A MASH or front-door manager: a practitioner who may also authorise sharing without consent.</summary>
    public const string MashManager = "mash-manager";

    /// <summary>
    /// A borough's children's social care staff: child protection, children in care, fostering, adoption, private
    /// fostering and care leavers.
    /// </summary>
    public const string SocialWorker = "social-worker";

    /// <summary>A partner agency's staff answering information requests addressed to their agency.</summary>
    public const string AgencyResponder = "agency-responder";

    /// <summary>A borough's case-management system keeping its records in sync with the hub.</summary>
    public const string BoroughSync = "borough-sync";

    /// <summary>The safeguarding partnership's analysts: aggregates and minimised extracts only.</summary>
    public const string PartnershipAnalyst = "partnership-analyst";

    /// <summary>Administers partnership agreements and verifies the audit trail; sees no case files.</summary>
    public const string Administrator = "administrator";

    /// <summary>Every role the hub knows.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MashPractitioner, MashManager, SocialWorker, AgencyResponder, BoroughSync, PartnershipAnalyst, Administrator,
    };
}
