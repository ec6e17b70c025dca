namespace PartnershipHub.Contracts.Errors;

/// <summary>
/// The reasons the hub names in the <c>google.rpc.ErrorInfo</c> of an error's status details (domain
/// <see cref="Domain"/>), so a client can tell what happened without reading the message: above all an UNAVAILABLE
/// the hub answered itself (its store failed, part of its cluster did not answer) from one that no hub answered.
/// </summary>
public static class HubErrorReasons
{
    /// <summary>The <c>ErrorInfo.domain</c> of every reason here.</summary>
    public const string Domain = "partnershiphub";

    /// <summary>PERMISSION_DENIED: the access policy refused, or nothing has the id named.</summary>
    public const string AccessPolicy = "ACCESS_POLICY";

    /// <summary>ABORTED: the record changed since the caller read it.</summary>
    public const string VersionMismatch = "VERSION_MISMATCH";

    /// <summary>
    /// UNAVAILABLE: the hub's store refused (a full disk, a read-only or damaged file, Azure Tables not answering), so
    /// nothing of the call was done or acknowledged; <c>ErrorInfo.metadata["reference"]</c> is the reference the hub's
    /// log gives the cause under.
    /// </summary>
    public const string StoreUnavailable = "STORE_UNAVAILABLE";

    /// <summary>UNAVAILABLE: a silo of the hub's cluster did not answer in time; the call may or may not have been done.</summary>
    public const string ClusterUnavailable = "CLUSTER_UNAVAILABLE";

    /// <summary>The metadata key of the log reference in an <c>ErrorInfo</c>.</summary>
    public const string Reference = "reference";
}
