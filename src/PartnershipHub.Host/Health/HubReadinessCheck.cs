using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using PartnershipHub.Abstractions;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Host.Health;

/// <summary>
/// Ready only when the silo is active in its cluster and the store (SQLite or Azure Tables) answers: what <c>grpc.health.v1</c>
/// reports as SERVING, and what a readiness probe waits for.
/// </summary>
public sealed class HubReadinessCheck(ISiloStatusOracle silo, IHubStore store) : IHealthCheck
{
    /// <summary>The <c>grpc.health.v1</c> service name a liveness probe asks for, and the tag of the checks it runs.</summary>
    public const string LivenessService = "liveness";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.CurrentStatus != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}.");
        }

        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("The silo is active and the store answers.");
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer: " + ex.Message);
        }
    }
}
