using Orleans.Runtime;

namespace PartnershipHub.Host.Health;

/// <summary>
/// Logs every change of cluster membership this silo learns of (a silo joining, becoming active, being declared
/// dead), so an operator can see from any silo's log when the cluster noticed a failure. Names addresses only.
/// </summary>
public sealed partial class MembershipLog(IClusterMembershipService membership, ILogger<MembershipLog> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            ClusterMembershipSnapshot? previous = null;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var update = previous is null ? snapshot.AsUpdate() : snapshot.CreateUpdate(previous);
                previous = snapshot;
                foreach (var member in update.Changes)
                {
                    MemberChanged(member.SiloAddress.Endpoint.ToString(), member.SiloAddress.Generation, member.Name, member.Status);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership: silo {Endpoint} generation {Generation} ({SiloName}) is {Status}")]
    private partial void MemberChanged(string endpoint, int generation, string siloName, SiloStatus status);
}
