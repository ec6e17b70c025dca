using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;

namespace PartnershipHub.Host.Configuration;

/// <summary>The table service clients of the Azure backend, from <see cref="StorageOptions"/>: one place that knows how the hub signs in.</summary>
public static class TableClients
{
    /// <summary>
    /// A client for the configured account: a managed identity when <see cref="StorageOptions.TableEndpoint"/> is set,
    /// otherwise the connection string. With <paramref name="logRequests"/> and a <see cref="StorageOptions.RequestLog"/>,
    /// every request it sends is logged there.
    /// </summary>
    public static TableServiceClient Create(StorageOptions storage, bool logRequests)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var options = new TableClientOptions();
        if (logRequests && storage.RequestLog.Length > 0)
        {
            options.AddPolicy(new TableRequestLog(storage.RequestLog), HttpPipelinePosition.PerRetry);
        }

        if (storage.TableEndpoint.Length == 0)
        {
            return new TableServiceClient(storage.ConnectionString, options);
        }

        if (!Uri.TryCreate(storage.TableEndpoint, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException($"Storage:TableEndpoint '{storage.TableEndpoint}' is not an absolute URI.");
        }

        TokenCredential credential = storage.ManagedIdentityClientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ManagedIdentityClientId))
            : new DefaultAzureCredential();
        return new TableServiceClient(endpoint, credential, options);
    }
}

/// <summary>
/// Appends one line per request sent (after retries are decided, so a retry counts again): the method and the table
/// (<c>$batch</c> for an entity group transaction), and <c>layout</c> for a read of the store's fixed layout row (the
/// readiness check, which the gRPC health service's publisher runs periodically, so a count of an action's requests
/// can leave it out). Nothing of the request's keys or body is written.
/// </summary>
/// <param name="path">The file appended to.</param>
public sealed class TableRequestLog(string path) : HttpPipelineSynchronousPolicy
{
    /// <summary>How the layout row's address ends (<c>AzureTablesHubStore</c>'s partition <c>store</c>, row <c>layout</c>).</summary>
    private const string ReadinessRow = "(PartitionKey='store',RowKey='layout')";

    private readonly Lock gate = new();

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Azurite's paths start with the account name; an account's own endpoint does not.
        var resource = segments.Length == 0 ? "-" : segments[^1];
        var table = resource.Split('(')[0];
        var layout = Uri.UnescapeDataString(resource).EndsWith(ReadinessRow, StringComparison.Ordinal) ? " layout" : string.Empty;
        lock (gate)
        {
            File.AppendAllText(path, $"{message.Request.Method} {table}{layout}{Environment.NewLine}");
        }
    }
}
