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

/// <summary>A recorded consent decision for one child, purpose and recipient agency.</summary>
/// <param name="Purpose">A sharing purpose (<see cref="AccessPurposes.IsSharing"/>).</param>
/// <param name="Recipient">The agency whose information the consent is about (the agency asked).</param>
/// <param name="State">Given, refused, withdrawn or not sought.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record ConsentFact(AccessPurpose Purpose, string Recipient, ConsentState State, DateTimeOffset RecordedAt);

/// <summary>A recorded decision to share without consent.</summary>
/// <param name="Purpose">A sharing purpose (<see cref="AccessPurposes.IsSharing"/>).</param>
/// <param name="Agency">The agency whose information may be shared, or null for every agency.</param>
/// <param name="Basis">The lawful basis; never <see cref="LawfulBasis.Consent"/> or none.</param>
/// <param name="AuthorisedBy">The manager who authorised it.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record OverrideFact(AccessPurpose Purpose, string? Agency, LawfulBasis Basis, string AuthorisedBy, DateTimeOffset RecordedAt);
