using System.Text.Json;
using System.Text.Json.Serialization;
using PartnershipHub.Abstractions.Sync;

namespace PartnershipHub.Grains.ChangeFeed;

/// <summary>
/// Where boroughs' change feeds are kept: per borough a head (oldest and latest positions), change rows each holding
/// consecutive changes of one child, one marker per child and stream (the last sequence the feed holds, so a change
/// handed over twice is kept once) and the children the feed expects. Writes that move the head are conditional on
/// its version, so positions never fork or leave gaps. Implemented by each storage backend.
/// </summary>
public interface IChangeFeedStore
{
    /// <summary>The feed's head: its extent and the version to write against (null for a feed never written).</summary>
    Task<(FeedExtent Extent, string? Version)> ReadHeadAsync(string borough);

    /// <summary>The children the feed was told to expect and has not heard from since.</summary>
    Task<IReadOnlyList<string>> ReadExpectedAsync(string borough);

    /// <summary>Records, durably and in one write, that the feed expects changes from these children (at most <see cref="ChangeFeedFormat.MaxTransaction"/>).</summary>
    Task ExpectAsync(string borough, IReadOnlyCollection<string> childIds);

    /// <summary>The last sequence of a child's stream that the feed holds; 0 when none.</summary>
    Task<long> ReadMarkerAsync(string borough, string childId, ChangeStream stream);

    /// <summary>
    /// Stores change rows and their markers, clears children's expectations and moves the head to
    /// <paramref name="extent"/>, all or nothing, in at most <see cref="ChangeFeedFormat.MaxTransaction"/> rows.
    /// The markers named in <paramref name="newMarkers"/> are added rather than set: one already stored is a conflict.
    /// Throws <see cref="PartnershipHub.Abstractions.StoreConflictException"/> when another writer moved the head first
    /// (or a marker said to be new exists).
    /// </summary>
    /// <returns>The head's new version.</returns>
    Task<string> CommitAsync(
        string borough, FeedExtent extent, string? headVersion, IReadOnlyList<ChangeRow> rows,
        IReadOnlyDictionary<(string ChildId, ChangeStream Stream), long> markers, IReadOnlyCollection<string> clearExpected,
        IReadOnlySet<(string ChildId, ChangeStream Stream)>? newMarkers = null);

    /// <summary>The oldest change rows (at most <paramref name="max"/>): the position of each one's last change, and when its latest change was stored.</summary>
    Task<IReadOnlyList<(long Last, DateTimeOffset At)>> ReadOldestRowsAsync(string borough, int max);

    /// <summary>
    /// Removes the change rows whose last changes are <paramref name="rowsLast"/> (the oldest ones) and moves the
    /// head's oldest position past them, all or nothing. Throws <see cref="PartnershipHub.Abstractions.StoreConflictException"/> when the head moved.
    /// </summary>
    Task<string> RemoveOldestAsync(string borough, FeedExtent extent, string headVersion, IReadOnlyList<long> rowsLast);

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="position"/>, in order.</summary>
    Task<IReadOnlyList<FeedEntry>> ReadAfterAsync(string borough, long position, int max);
}

/// <summary>How changes are written in a change row, and the sizes every backend keeps to.</summary>
public static class ChangeFeedFormat
{
    /// <summary>The most rows one commit may change (Azure's entity group transaction limit, kept by every backend).</summary>
    public const int MaxTransaction = 100;

    /// <summary>The most characters of changes one row holds (an Azure string property holds at most 32K characters).</summary>
    public const int MaxRowCharacters = 30_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A change as a row stores it.</summary>
    public static string Serialize(ChildChange change) => JsonSerializer.Serialize(change, Json);

    /// <summary>A row's changes (its <see cref="ChangeRow.Changes"/> joined into one JSON array).</summary>
    public static string Join(ChangeRow row) => "[" + string.Join(',', row.Changes) + "]";

    /// <summary>The entries of a stored row whose first change is at <paramref name="first"/>.</summary>
    public static IEnumerable<FeedEntry> Entries(long first, string changes) =>
        (JsonSerializer.Deserialize<List<ChildChange>>(changes, Json) ?? throw new InvalidDataException("a change row is empty"))
        .Select((change, i) => new FeedEntry(first + i, change));
}

/// <summary>Consecutive changes of one child, stored as one row.</summary>
/// <param name="childId">The child.</param>
/// <param name="first">The position of the first change.</param>
public sealed class ChangeRow(string childId, long first)
{
    /// <summary>The child the changes are about.</summary>
    public string ChildId { get; } = childId;

    /// <summary>The position of the first change.</summary>
    public long First { get; } = first;

    /// <summary>The position of the last change.</summary>
    public long Last => First + Changes.Count - 1;

    /// <summary>The changes, serialised with <see cref="ChangeFeedFormat.Serialize"/>.</summary>
    public List<string> Changes { get; } = [];

    /// <summary>When the latest of them was stored.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The characters the changes take.</summary>
    public int Characters { get; private set; }

    /// <summary>Whether a change of <paramref name="characters"/> more fits in the row.</summary>
    public bool Fits(int characters) => Characters + characters + 2 <= ChangeFeedFormat.MaxRowCharacters;

    /// <summary>Adds the next change.</summary>
    public void Add(ChildChange change, string serialised)
    {
        Changes.Add(serialised);
        Characters += serialised.Length + 1;
        At = change.At > At ? change.At : At;
    }
}
