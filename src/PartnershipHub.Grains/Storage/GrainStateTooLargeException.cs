namespace PartnershipHub.Grains.Storage;

/// <summary>
/// A grain's serialized state is larger than the store holds in one state. Thrown before storage is touched,
/// so the stored state is unchanged.
/// </summary>
public sealed class GrainStateTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="grainType">The grain type (not the grain's key, which may identify a person).</param>
    /// <param name="stateName">The state name.</param>
    /// <param name="size">The serialized size in bytes.</param>
    /// <param name="limit">The largest serialized size accepted, in bytes.</param>
    public GrainStateTooLargeException(string grainType, string stateName, long size, long limit)
        : base($"Grain state '{stateName}' of grain type '{grainType}' serializes to {size} bytes, more than the " +
               $"{limit} bytes the store holds for one state. Nothing was written. Split the state or keep " +
               "bulky content (documents, history) elsewhere.")
    {
        GrainType = grainType;
        StateName = stateName;
        Size = size;
        Limit = limit;
    }

    /// <summary>The grain type.</summary>
    public string GrainType { get; }

    /// <summary>The state name.</summary>
    public string StateName { get; }

    /// <summary>The serialized size in bytes.</summary>
    public long Size { get; }

    /// <summary>The largest serialized size accepted, in bytes.</summary>
    public long Limit { get; }
}
