namespace PartnershipHub.Abstractions.Children;

/// <summary>How much is known of a child's date of birth.</summary>
[GenerateSerializer]
public enum BirthDateStatus
{
    /// <summary>Not recorded.</summary>
    Unknown = 0,

    /// <summary>The date of birth is known.</summary>
    Known = 1,

    /// <summary>The child is unborn; the date is the expected date of delivery.</summary>
    Expected = 2,
}

/// <summary>A borough's own case-management id for a child.</summary>
/// <param name="Borough">The borough's ONS code.</param>
/// <param name="CaseId">The id in that borough's case system.</param>
[GenerateSerializer, Alias("BoroughCaseId")]
public sealed record BoroughCaseId([property: Id(0)] string Borough, [property: Id(1)] string CaseId);

/// <summary>What a borough records when it registers a child with the hub, already validated and normalised.</summary>
/// <param name="ResponsibleBorough">ONS code of the borough responsible for the child.</param>
/// <param name="GivenName">The child's given name.</param>
/// <param name="FamilyName">The child's family name.</param>
/// <param name="BirthDateStatus">Whether the date of birth is known, expected or unknown.</param>
/// <param name="BirthDate">The date of birth or expected date; null when unknown.</param>
/// <param name="NhsNumber">Ten digits, check digit verified; null when not known.</param>
/// <param name="UniquePupilNumber">The UPN in upper case; null when not known.</param>
/// <param name="BoroughCaseIds">The child's ids in borough case systems.</param>
[GenerateSerializer, Alias("ChildRegistration")]
public sealed record ChildRegistration(
    [property: Id(0)] string ResponsibleBorough,
    [property: Id(1)] string GivenName,
    [property: Id(2)] string FamilyName,
    [property: Id(3)] BirthDateStatus BirthDateStatus,
    [property: Id(4)] DateOnly? BirthDate,
    [property: Id(5)] string? NhsNumber,
    [property: Id(6)] string? UniquePupilNumber,
    [property: Id(7)] IReadOnlyList<BoroughCaseId> BoroughCaseIds);

/// <summary>A child as the hub holds them.</summary>
/// <param name="ChildId">The hub's id for the child.</param>
/// <param name="Details">What was registered.</param>
/// <param name="RegisteredAt">When the hub registered the child.</param>
/// <param name="RegisteredByOrganisation">The organisation that registered the child.</param>
/// <param name="RegisteredByUser">The user or system that registered the child.</param>
[GenerateSerializer, Alias("ChildRecord")]
public sealed record ChildRecord(
    [property: Id(0)] string ChildId,
    [property: Id(1)] ChildRegistration Details,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] string RegisteredByOrganisation,
    [property: Id(4)] string RegisteredByUser);
