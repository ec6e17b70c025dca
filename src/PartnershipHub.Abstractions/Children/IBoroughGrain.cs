using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.Children;

/// <summary>A borough of the partnership, keyed by its ONS code.</summary>
public interface IBoroughGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a child the borough is responsible for, stored before it returns. Adding the same child twice changes
    /// nothing. Children added while a store is under way are stored together in the next one.
    /// </summary>
    /// <param name="childId">The child.</param>
    /// <param name="mayBeListed">
    /// Whether the child may be on the roster already (a registration's follow-up sent again: stored before the
    /// sender's activation, or sent before and unanswered; the check's repair): the borough then looks for it on its
    /// pages, from the last back. False only for a first send, which reads no page.
    /// </param>
    Task AddChild(string childId, bool mayBeListed);

    /// <summary>
    /// Takes the child's listings off the roster but the first <paramref name="keep"/> (0 for a child the borough is
    /// not responsible for, 1 for one listed twice), stored before it returns; the roster's last child takes each
    /// place freed, so pages stay full. For the consistency check's repair, which audits it.
    /// </summary>
    /// <returns>How many listings were taken off.</returns>
    Task<int> RemoveListings(string childId, int keep);

    /// <summary>Lists the borough's children from <paramref name="startIndex"/>, if the caller may.</summary>
    /// <returns>The page, or null when the access policy refuses the caller.</returns>
    Task<BoroughChildrenPage?> ListChildren(Caller caller, int startIndex, int pageSize);
}

/// <summary>
/// A fixed-size slice of a borough's children list. Splitting the list keeps each stored state small however
/// many children a borough has.
/// </summary>
public interface IBoroughRosterPageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends the children in order, each unless already present, as many as the page has room for, in one store.
    /// </summary>
    /// <returns>How many of <paramref name="childIds"/>, from the first, are now on this page, and the page's size.</returns>
    Task<RosterAppend> Append(IReadOnlyList<string> childIds);

    /// <summary>Returns up to <paramref name="count"/> child ids from <paramref name="offset"/>.</summary>
    Task<IReadOnlyList<string>> Read(int offset, int count);

    /// <summary>How many children the page holds.</summary>
    Task<int> Size();

    /// <summary>Puts <paramref name="childId"/> at <paramref name="offset"/> in place of the child there, in one store.</summary>
    Task Replace(int offset, string childId);

    /// <summary>Keeps the first <paramref name="size"/> children of the page, in one store.</summary>
    Task Truncate(int size);
}

/// <summary>What a roster page took of the children given to it.</summary>
/// <param name="Taken">How many of the children, from the first, are on the page (appended now or before); the rest go to the next page.</param>
/// <param name="Size">How many children the page holds now.</param>
[GenerateSerializer, Alias("RosterAppend")]
public sealed record RosterAppend([property: Id(0)] int Taken, [property: Id(1)] int Size);

/// <summary>
/// Holds which child, if any, has an identifier (NHS number, UPN, borough case id). Keyed by a keyed hash of the
/// identifier, so no identifier appears in grain ids, storage keys or logs.
/// </summary>
public interface IIdentifierIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the identifier for <paramref name="childId"/>; returns the child that now holds it.</summary>
    Task<string> Claim(string childId);

    /// <summary>Gives up a claim made by <paramref name="childId"/>; does nothing if another child holds it.</summary>
    Task Release(string childId);

    /// <summary>The child holding the identifier, or null.</summary>
    Task<string?> Holder();
}

/// <summary>Reading a borough's whole roster, page by page, for the hub's own partnership-wide work.</summary>
public static class BoroughRoster
{
    /// <summary>The key of a borough's roster page.</summary>
    public static string PageKey(string borough, int page) => $"{borough}/{page}";

    /// <summary>
    /// Every child id on <paramref name="borough"/>'s roster, a page at a time, without any access check: for the
    /// recomputation check and the partnership's extracts, which decide access themselves.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<string>> Pages(IGrainFactory grains, string borough)
    {
        for (var page = 0; ; page++)
        {
            var ids = await grains.GetGrain<IBoroughRosterPageGrain>(PageKey(borough, page)).Read(0, int.MaxValue);
            if (ids.Count == 0)
            {
                yield break;
            }

            yield return ids;
        }
    }
}
