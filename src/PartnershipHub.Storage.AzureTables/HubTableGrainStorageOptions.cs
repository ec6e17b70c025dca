using Azure.Core;
using Azure.Data.Tables;
using Orleans.Storage;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Options of one named <see cref="HubTableGrainStorage"/>, shaped like the official
/// <c>AzureTableStorageOptions</c> so the registration line can be swapped for the official provider.
/// </summary>
public sealed class HubTableGrainStorageOptions
{
    /// <summary>The client for the storage account; set it directly or through a <c>ConfigureTableServiceClient</c> overload.</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>The table holding grain state, created on silo start if missing. Default <c>HubGrainState</c>.</summary>
    public string TableName { get; set; } = "HubGrainState";

    /// <summary>
    /// When <see langword="true"/> (the default) <c>ClearStateAsync</c> deletes the entity; when
    /// <see langword="false"/> it overwrites it with a "cleared" marker that keeps the ETag chain.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// How state is turned into bytes. <see langword="null"/> means <see cref="HubJsonGrainStorageSerializer"/>
    /// (UTF-8 JSON via System.Text.Json), whose versioning rules are in the project README.
    /// </summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>Uses a connection string, e.g. Azurite's or an account key one.</summary>
    /// <param name="connectionString">The storage account connection string.</param>
    public void ConfigureTableServiceClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        TableServiceClient = new TableServiceClient(connectionString);
    }

    /// <summary>Uses a table endpoint and a token credential, e.g. a managed identity.</summary>
    /// <param name="serviceUri">The table endpoint, e.g. <c>https://account.table.core.windows.net</c>.</param>
    /// <param name="credential">The token credential, e.g. <c>DefaultAzureCredential</c>.</param>
    public void ConfigureTableServiceClient(Uri serviceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(credential);
        TableServiceClient = new TableServiceClient(serviceUri, credential);
    }
}
