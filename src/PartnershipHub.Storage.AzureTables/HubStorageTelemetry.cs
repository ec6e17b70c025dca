using System.Diagnostics;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Tracing for the hub's storage: one span per grain storage operation. Hosts add it with
/// <c>tracing.AddSource(HubStorageTelemetry.ActivitySourceName)</c>.
/// </summary>
/// <remarks>
/// Tags carry the operation, provider, table, grain type, state name, status and byte size only. State
/// contents and grain keys are never tagged: they may identify a child or a family.
/// </remarks>
public static class HubStorageTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string ActivitySourceName = "PartnershipHub.Storage";

    /// <summary>Tag: <c>read</c>, <c>write</c> or <c>clear</c>.</summary>
    public const string OperationTag = "phub.storage.operation";

    /// <summary>Tag: the storage provider name.</summary>
    public const string ProviderTag = "phub.storage.provider";

    /// <summary>Tag: the table name.</summary>
    public const string TableTag = "phub.storage.table";

    /// <summary>Tag: the grain type (e.g. <c>referral</c>), never the grain key.</summary>
    public const string GrainTypeTag = "phub.storage.grain_type";

    /// <summary>Tag: the state name.</summary>
    public const string StateNameTag = "phub.storage.state_name";

    /// <summary>Tag: <c>ok</c>, <c>not_found</c>, <c>conflict</c>, <c>too_large</c> or <c>error</c>.</summary>
    public const string StatusTag = "phub.storage.status";

    /// <summary>Tag: the serialized state size in bytes (reads and writes that carried data).</summary>
    public const string BytesTag = "phub.storage.bytes";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
