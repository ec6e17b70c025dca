namespace PartnershipHub.Abstractions.Children;

/// <summary>How a registration ended.</summary>
[GenerateSerializer]
public enum RegistrationStatus
{
    /// <summary>The child is now registered.</summary>
    Registered = 0,

    /// <summary>A child already holds one of the identifiers; nothing was changed.</summary>
    IdentifierInUse = 1,

    /// <summary>The caller may not register children with that borough; nothing was changed.</summary>
    Denied = 2,

    /// <summary>This hub child id is already registered; nothing was changed.</summary>
    AlreadyRegistered = 3,
}

/// <summary>The result of registering a child.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Child">The registered child, when registered.</param>
/// <param name="Detail">For refusals: which field or rule refused, without revealing another child's data.</param>
[GenerateSerializer, Alias("RegistrationOutcome")]
public sealed record RegistrationOutcome(
    [property: Id(0)] RegistrationStatus Status,
    [property: Id(1)] ChildRecord? Child,
    [property: Id(2)] string? Detail);

/// <summary>How a read of a child's record ended.</summary>
[GenerateSerializer]
public enum ReadStatus
{
    /// <summary>The record is returned.</summary>
    Found = 0,

    /// <summary>No child has that id.</summary>
    NotFound = 1,

    /// <summary>The policy refused the caller.</summary>
    Denied = 2,
}

/// <summary>The result of reading a child's record.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Child">The record, when found and allowed.</param>
/// <param name="Reason">The policy's reason, for the audit trail and the caller.</param>
[GenerateSerializer, Alias("ChildReadOutcome")]
public sealed record ChildReadOutcome(
    [property: Id(0)] ReadStatus Status,
    [property: Id(1)] ChildRecord? Child,
    [property: Id(2)] string Reason);

/// <summary>One page of a borough's children.</summary>
/// <param name="ChildIds">Hub child ids, in the order the borough registered them.</param>
/// <param name="NextIndex">Where the next page starts, or null at the end.</param>
/// <param name="TotalChildren">How many children the borough has registered.</param>
[GenerateSerializer, Alias("BoroughChildrenPage")]
public sealed record BoroughChildrenPage(
    [property: Id(0)] IReadOnlyList<string> ChildIds,
    [property: Id(1)] int? NextIndex,
    [property: Id(2)] int TotalChildren);
