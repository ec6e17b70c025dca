namespace PartnershipHub.Domain.Sharing;

/// <summary>Where consent to share stands for one child, purpose and recipient.</summary>
public enum ConsentState
{
    /// <summary>Consent has not been sought (the default when nothing is recorded).</summary>
    NotSought = 0,

    /// <summary>The family consented.</summary>
    Given = 1,

    /// <summary>The family refused.</summary>
    Refused = 2,

    /// <summary>Consent once given has been withdrawn.</summary>
    Withdrawn = 3,
}

/// <summary>
/// The lawful bases on which information about a child may be shared (domain section 4). Consent is one; the
/// others allow sharing without consent where the law gives the reason.
/// </summary>
public enum LawfulBasis
{
    /// <summary>None stated.</summary>
    None = 0,

    /// <summary>Consent of the family, specific to a purpose and a recipient (UK GDPR Article 6(1)(a)).</summary>
    Consent = 1,

    /// <summary>Public task: UK GDPR Article 6(1)(e), for councils, health and schools.</summary>
    PublicTask = 2,

    /// <summary>Legal obligation: UK GDPR Article 6(1)(c), e.g. a Section 47 enquiry.</summary>
    LegalObligation = 3,

    /// <summary>
    /// Special category data for the safeguarding of children: UK GDPR Article 9(2)(g) with the Data Protection Act
    /// 2018 Schedule 1 paragraph 18.
    /// </summary>
    SafeguardingOfChildren = 4,

    /// <summary>The police acting for law enforcement: Data Protection Act 2018 Part 3 and Schedule 8 paragraph 4.</summary>
    LawEnforcement = 5,
}

/// <summary>The purposes for which child-level information is shared; consent and overrides are specific to one.</summary>
public static class SharingPurposes
{
    /// <summary>A borough managing its own case (not a sharing purpose: nothing crosses to another organisation).</summary>
    public const string CaseManagement = "case-management";

    /// <summary>A borough's case system keeping in sync with the hub (not a sharing purpose).</summary>
    public const string CaseSync = "case-sync";

    /// <summary>A multi-agency safeguarding hub enquiry.</summary>
    public const string MashEnquiry = "mash-enquiry";

    /// <summary>A Section 47 enquiry (Children Act 1989).</summary>
    public const string Section47 = "section-47";

    /// <summary>Care planning for a looked-after child.</summary>
    public const string CarePlanning = "care-planning";

    /// <summary>Matching a child with foster carers.</summary>
    public const string FosteringMatching = "fostering-matching";

    /// <summary>Matching a child with adopters.</summary>
    public const string AdoptionMatching = "adoption-matching";

    /// <summary>Every purpose a multi-agency view may be asked for.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MashEnquiry, Section47, CarePlanning, FosteringMatching, AdoptionMatching,
    };
}

/// <summary>A recorded consent decision for one child, purpose and recipient agency.</summary>
/// <param name="Purpose">One of <see cref="SharingPurposes"/>.</param>
/// <param name="Recipient">The agency whose information the consent is about (the agency asked).</param>
/// <param name="State">Given, refused, withdrawn or not sought.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record ConsentFact(string Purpose, string Recipient, ConsentState State, DateTimeOffset RecordedAt);

/// <summary>A recorded decision to share without consent.</summary>
/// <param name="Purpose">One of <see cref="SharingPurposes"/>.</param>
/// <param name="Agency">The agency whose information may be shared, or null for every agency.</param>
/// <param name="Basis">The lawful basis; never <see cref="LawfulBasis.Consent"/> or none.</param>
/// <param name="AuthorisedBy">The manager who authorised it.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record OverrideFact(string Purpose, string? Agency, LawfulBasis Basis, string AuthorisedBy, DateTimeOffset RecordedAt);
