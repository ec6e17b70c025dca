namespace PartnershipHub.Storage.AzureTables;

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
