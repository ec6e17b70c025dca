namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// A grain's serialized state is larger than one table entity can hold. Thrown before storage is touched,
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
               $"{limit} bytes one Azure table entity can hold. Nothing was written. Split the state or keep " +
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

/// <summary>
/// A storage operation failed for a reason other than an ETag conflict: an Azure error, or a stored row this
/// provider cannot read. The message names the operation, grain type, state name and table, never state contents
/// or the grain's key.
/// </summary>
public sealed class HubTableStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, without state contents or grain keys.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public HubTableStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
