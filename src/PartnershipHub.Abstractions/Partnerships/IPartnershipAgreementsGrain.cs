using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Abstractions.Partnerships;

/// <summary>
/// The partnership's effective-dated agreements: which organisations share which service, from when to when.
/// One grain (key <see cref="Key"/>) seeded with the history in domain.md; administrators add and end agreements.
/// </summary>
public interface IPartnershipAgreementsGrain : IGrainWithStringKey
{
    /// <summary>The key of the one agreements grain.</summary>
    const string Key = "partnership";

    /// <summary>Every agreement, past, present and future.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<PartnershipAgreement>> All();

    /// <summary>Adds an agreement or replaces the one with the same id, if the caller is an administrator.</summary>
    /// <returns>Null when done, else the policy's reason for refusing.</returns>
    Task<string?> Save(PartnershipAgreement agreement, Caller caller);
}
