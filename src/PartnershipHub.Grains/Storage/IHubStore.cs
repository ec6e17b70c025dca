using PartnershipHub.Abstractions;

namespace PartnershipHub.Grains.Storage;

/// <summary>
/// The store behind the hub as a whole (SQLite or Azure Tables): what the host creates on start and what the
/// readiness check asks. The grain state, audit trails and change feeds each have their own seam
/// (<c>IGrainStorage</c>, <see cref="PartnershipHub.Grains.Audit.IAuditStore"/>, <see cref="PartnershipHub.Grains.ChangeFeed.IChangeFeedStore"/>).
/// </summary>
public interface IHubStore
{
    /// <summary>Which backend this is and where its data lives (no secrets), for logs and messages.</summary>
    string Description { get; }

    /// <summary>Creates what the store needs (tables, the database file) if missing; throws with a clear message when it cannot.</summary>
    Task InitialiseAsync(CancellationToken cancellationToken);

    /// <summary>Proves the store answers, for readiness checks; throws <see cref="StoreUnavailableException"/> when it does not.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
