using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.Children;

/// <summary>The facts about a child that fostering and adoption matching use: whose child, and their date of birth.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="ResponsibleBorough">The borough responsible for them.</param>
/// <param name="BirthDateStatus">Whether the date of birth is known.</param>
/// <param name="BirthDate">The date of birth when known.</param>
[GenerateSerializer, Alias("ChildForMatching")]
public sealed record ChildForMatching(
    [property: Id(0)] string ChildId,
    [property: Id(1)] string ResponsibleBorough,
    [property: Id(2)] BirthDateStatus BirthDateStatus,
    [property: Id(3)] DateOnly? BirthDate)
{
    /// <summary>The date of birth, only when it is known (an expected date is no use for an age range).</summary>
    public DateOnly? KnownBirthDate => BirthDateStatus == BirthDateStatus.Known ? BirthDate : null;
}

/// <summary>
/// The matching side of a child's record (the same grain as <see cref="IChildGrain"/>): the facts fostering and
/// adoption matching need, for callers the access policy lets read the child's care record for that purpose.
/// </summary>
public interface IChildMatchingGrain : IGrainWithStringKey
{
    /// <summary>
    /// The child's responsible borough and date of birth, if the caller may read the child's care record for
    /// <paramref name="purpose"/> (fostering or adoption matching).
    /// </summary>
    Task<CallResult<ChildForMatching>> ForMatching(Domain.Sharing.AccessPurpose purpose, Caller caller);
}
