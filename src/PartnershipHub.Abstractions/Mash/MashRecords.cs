using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Abstractions.Mash;

/// <summary>A recorded consent decision for one child, purpose and recipient agency.</summary>
/// <param name="Purpose">A sharing purpose (<see cref="AccessPurposes.IsSharing"/>).</param>
/// <param name="Recipient">The agency asked for information.</param>
/// <param name="State">Given, refused, withdrawn or not sought.</param>
/// <param name="Notes">What the family said, as recorded.</param>
/// <param name="By">Who recorded it and when.</param>
[GenerateSerializer, Alias("ConsentRecord")]
public sealed record ConsentRecord(
    [property: Id(0)] AccessPurpose Purpose,
    [property: Id(1)] string Recipient,
    [property: Id(2)] ConsentState State,
    [property: Id(3)] string Notes,
    [property: Id(4)] RecordedBy By)
{
    /// <summary>The fact the access policy weighs.</summary>
    public ConsentFact ToFact() => new(Purpose, Recipient, State, By.At);
}

/// <summary>A manager's decision to share without consent, with its lawful basis.</summary>
/// <param name="Purpose">A sharing purpose (<see cref="AccessPurposes.IsSharing"/>).</param>
/// <param name="Agency">The agency whose information may be shared, or null for every agency.</param>
/// <param name="Basis">The lawful basis.</param>
/// <param name="Reason">Why sharing is necessary and proportionate.</param>
/// <param name="By">The authorising manager and when.</param>
[GenerateSerializer, Alias("SharingWithoutConsentRecord")]
public sealed record SharingWithoutConsentRecord(
    [property: Id(0)] AccessPurpose Purpose,
    [property: Id(1)] string? Agency,
    [property: Id(2)] LawfulBasis Basis,
    [property: Id(3)] string Reason,
    [property: Id(4)] RecordedBy By)
{
    /// <summary>The fact the access policy weighs.</summary>
    public OverrideFact ToFact() => new(Purpose, Agency, Basis, By.UserId, By.At);
}
