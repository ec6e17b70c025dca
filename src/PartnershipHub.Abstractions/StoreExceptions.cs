namespace PartnershipHub.Abstractions;

/// <summary>
/// Another writer changed what a conditional write was based on (an audit chain's head, a change feed's head):
/// nothing was written; read again and retry.
/// </summary>
public sealed class StoreConflictException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The store could not do what was asked (unreachable, read-only, full, corrupt). Nothing of the failed operation
/// was acknowledged; the message says what failed without stored contents or keys.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
