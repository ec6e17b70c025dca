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
/// (<c>$batch</c> for an entity group transaction). Nothing of the request's keys or body is written.
/// </summary>
/// <param name="path">The file appended to.</param>
public sealed class TableRequestLog(string path) : HttpPipelineSynchronousPolicy
{
    private readonly Lock gate = new();

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Azurite's paths start with the account name; an account's own endpoint does not.
        var resource = segments.Length == 0 ? "-" : segments[^1];
        var table = resource.Split('(')[0];
        lock (gate)
        {
            File.AppendAllText(path, $"{message.Request.Method} {table}{Environment.NewLine}");
        }
    }
}
