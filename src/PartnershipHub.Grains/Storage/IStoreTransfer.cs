using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Grains.Storage;

/// <summary>
/// A whole store's rows as the operator's copy between backends sees them (<see cref="StoreCopy"/>): every grain
/// state, audit chain and change feed, read out and written in as stored, with the hub stopped. Implemented by each
/// backend beside its grain storage, audit and feed stores, over the same tables.
/// </summary>
public interface IStoreTransfer
{
    /// <summary>Which backend this is and where its data lives (no secrets).</summary>
    string Description { get; }

    /// <summary>The audit trails of this store, read to verify chains.</summary>
    IAuditStore Audit { get; }

    /// <summary>Opens the store (and creates its tables if missing); throws <see cref="PartnershipHub.Abstractions.StoreUnavailableException"/> when it cannot.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>How many of each kind of row the store holds.</summary>
    Task<StoreCounts> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every grain state, as serialised bytes.</summary>
    IAsyncEnumerable<StoredGrainState> ReadGrainStatesAsync(CancellationToken cancellationToken);

    /// <summary>Inserts grain states that are not in the store yet.</summary>
    Task WriteGrainStatesAsync(IReadOnlyList<StoredGrainState> states, CancellationToken cancellationToken);

    /// <summary>The subject of every audit chain (every chain with a head).</summary>
    IAsyncEnumerable<string> ReadAuditSubjectsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a whole chain, its records in sequence order from 1, and its head with the delivery marks the chain
    /// took from each sender (<see cref="Audit.AuditHead.Marks"/>, so follow-ups sent again are still recognised there);
    /// the subject holds nothing yet.
    /// </summary>
    Task WriteAuditChainAsync(string subject, IReadOnlyList<AuditRecord> records, DeliveryMarks marks, CancellationToken cancellationToken);

    /// <summary>Every borough's change feed: head, change rows, markers and expected children.</summary>
    IAsyncEnumerable<StoredFeed> ReadFeedsAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a whole feed; the borough holds nothing yet.</summary>
    Task WriteFeedAsync(StoredFeed feed, CancellationToken cancellationToken);
}

/// <summary>How many rows of each kind a store holds.</summary>
/// <param name="GrainStates">Grain states.</param>
/// <param name="AuditChains">Audit chains (subjects with a head).</param>
/// <param name="AuditRecords">Audit records of all chains.</param>
/// <param name="Feeds">Boroughs with a change feed (a head, rows, markers or expected children).</param>
/// <param name="FeedRows">Change rows of all feeds.</param>
/// <param name="FeedMarkers">Markers (last sequence held per child and stream) of all feeds.</param>
/// <param name="FeedExpected">Children the feeds expect.</param>
public sealed record StoreCounts(long GrainStates, long AuditChains, long AuditRecords, long Feeds, long FeedRows, long FeedMarkers, long FeedExpected)
{
    /// <summary>Whether the store holds nothing the hub wrote.</summary>
    public bool IsEmpty => this == new StoreCounts(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>One grain state as stored.</summary>
/// <param name="GrainType">The grain type (<c>GrainId.Type</c>).</param>
/// <param name="GrainKey">The grain key (<c>GrainId.Key</c>).</param>
/// <param name="StateName">The state's name.</param>
/// <param name="Data">The serialised state.</param>
public sealed record StoredGrainState(string GrainType, string GrainKey, string StateName, byte[] Data);

/// <summary>One borough's change feed as stored.</summary>
/// <param name="Borough">The borough.</param>
/// <param name="Extent">The head (oldest and latest positions); null for a feed that only expects children.</param>
/// <param name="Rows">The change rows, in position order.</param>
/// <param name="Markers">The last sequence held per child and stream.</param>
/// <param name="Expected">The children the feed expects.</param>
public sealed record StoredFeed(
    string Borough, FeedExtent? Extent, IReadOnlyList<StoredChangeRow> Rows, IReadOnlyList<StoredFeedMarker> Markers, IReadOnlyList<string> Expected);

/// <summary>A change row as stored: consecutive changes of one child.</summary>
/// <param name="First">The position of its first change.</param>
/// <param name="Last">The position of its last change.</param>
/// <param name="At">When its latest change was stored.</param>
/// <param name="Changes">The changes as one JSON array (<see cref="ChangeFeed.ChangeFeedFormat.Join"/>).</param>
public sealed record StoredChangeRow(long First, long Last, DateTimeOffset At, string Changes);

/// <summary>The last sequence of a child's stream that a feed holds.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Sequence">The last sequence held.</param>
public sealed record StoredFeedMarker(string ChildId, ChangeStream Stream, long Sequence);
