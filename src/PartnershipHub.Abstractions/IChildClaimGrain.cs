namespace PartnershipHub.Abstractions;

/// <summary>
/// A child held for one household at a time (the household they live with, the adopters they are matched with), keyed
/// by the child's hub id: claimed before the household stores the child, so no child is held for two at once.
/// </summary>
public interface IChildClaimGrain : IGrainWithStringKey
{
    /// <summary>Claims the child for <paramref name="householdId"/>; returns the household holding the child afterwards.</summary>
    Task<string> Claim(string householdId);

    /// <summary>Releases the child if <paramref name="householdId"/> holds them.</summary>
    Task Release(string householdId);

    /// <summary>The household holding the child, or null (for the consistency check).</summary>
    Task<string?> Holder();
}
