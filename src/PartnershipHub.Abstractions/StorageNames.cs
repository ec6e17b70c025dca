namespace PartnershipHub.Abstractions;

/// <summary>Names of the grain storage providers the grains persist to.</summary>
public static class StorageNames
{
    /// <summary>The hub's table store, holding every child and borough grain's state.</summary>
    public const string Hub = "hub";
}
