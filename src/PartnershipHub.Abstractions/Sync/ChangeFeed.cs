using Orleans.Concurrency;
using PartnershipHub.Abstractions.Care;
using PartnershipHub.Abstractions.Children;

namespace PartnershipHub.Abstractions.Sync;

/// <summary>Which part of a child's record a change belongs to; each part numbers its changes on its own.</summary>
[GenerateSerializer]
public enum ChangeStream
{
    /// <summary>The child's own details: registration, names, date of birth.</summary>
    Details = 0,

    /// <summary>The child's care records.</summary>
    Care = 1,
}

/// <summary>
/// One change to a child's record, as the responsible borough's change feed carries it to watchers. A child
/// records its changes in the same write as the change itself (an outbox) and hands them to the feed afterwards,
/// so a change that is stored always reaches the feed, once.
/// </summary>
/// <param name="ChildId">The hub's id for the child.</param>
/// <param name="Stream">The part of the record that changed.</param>
/// <param name="Sequence">The child's own count of changes in that part, from 1: the feed keeps each only once.</param>
/// <param name="At">When the hub stored the change.</param>
/// <param name="CareRecord">For a care record: the record with only the revision this change made (its content is null when withdrawn).</param>
/// <param name="Child">For the child's details: the record as it stood after the change.</param>
/// <param name="CaseIds">The child's case ids in boroughs' own systems when the change was stored.</param>
[GenerateSerializer, Alias("ChildChange")]
public sealed record ChildChange(
    [property: Id(0)] string ChildId,
    [property: Id(1)] ChangeStream Stream,
    [property: Id(2)] long Sequence,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] CareRecordEntry? CareRecord,
    [property: Id(5)] ChildRecord? Child,
    [property: Id(6)] IReadOnlyList<BoroughCaseId> CaseIds);

/// <summary>A change as the feed holds it: numbered in the borough's feed.</summary>
/// <param name="Position">Its place in the feed, from 1, without gaps while the feed keeps it.</param>
/// <param name="Change">The change.</param>
[GenerateSerializer, Alias("FeedEntry")]
public sealed record FeedEntry([property: Id(0)] long Position, [property: Id(1)] ChildChange Change);

/// <summary>What a borough's feed holds: the positions of its oldest kept change and of its latest.</summary>
/// <param name="Oldest">The position of the oldest change still kept (one more than <paramref name="Latest"/> when it keeps none).</param>
/// <param name="Latest">The position of the latest change; 0 when there has been none.</param>
[GenerateSerializer, Alias("FeedExtent")]
public sealed record FeedExtent([property: Id(0)] long Oldest, [property: Id(1)] long Latest)
{
    /// <summary>Whether a reader that has seen everything up to <paramref name="position"/> can go on without missing a change.</summary>
    public bool CanResumeAfter(long position) => position >= Oldest - 1 && position <= Latest;
}

/// <summary>
/// The change feed of the children a borough is responsible for: every change to their details and care records,
/// in the order the feed received them, kept for a configured time. Keyed by the borough's ONS code.
/// </summary>
public interface IChangeFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Notes, durably, that <paramref name="childId"/> is about to store changes, before it does: if the child's
    /// hand-over is then lost (a crash between its write and <see cref="Append"/>), the feed asks it again.
    /// Children's expectations are stored concurrently.
    /// </summary>
    [AlwaysInterleave]
    Task Expect(string childId);

    /// <summary>
    /// Adds a child's changes in order, skipping those it already holds (by stream and sequence), and clears the
    /// child's expectation. Returns once they are durably stored. Calls arriving together are stored together, in
    /// as few transactions as the table allows. <paramref name="newStreams"/> names the streams of which, as far as
    /// the child knows, the feed holds nothing of it yet (a new child's details, its first care record): the feed
    /// then adds their markers without reading them first, and were one there after all, the write conflicts and
    /// the markers are read.
    /// </summary>
    [AlwaysInterleave]
    Task Append(string childId, IReadOnlyList<ChildChange> changes, IReadOnlyCollection<ChangeStream> newStreams);

    /// <summary>
    /// The last sequence of <paramref name="stream"/> the feed holds of each child (0 when none), in the order asked:
    /// the consistency check compares them with the children's own.
    /// </summary>
    Task<IReadOnlyList<long>> Markers(IReadOnlyList<string> childIds, ChangeStream stream);

    /// <summary>The positions the feed holds now.</summary>
    [AlwaysInterleave]
    Task<FeedExtent> Extent();

    /// <summary>Up to <paramref name="max"/> changes after <paramref name="position"/>, in order.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<FeedEntry>> ReadAfter(long position, int max);
}

/// <summary>The side of a child grain that hands its stored changes to the borough's feed.</summary>
public interface IChildChangesGrain : IGrainWithStringKey
{
    /// <summary>Hands any changes the child stored but has not handed over yet to its borough's feed.</summary>
    [OneWay]
    Task HandOverChanges();
}
