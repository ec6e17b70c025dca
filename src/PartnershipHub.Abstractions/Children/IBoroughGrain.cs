using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.Children;

/// <summary>A borough of the partnership, keyed by its ONS code.</summary>
public interface IBoroughGrain : IGrainWithStringKey
{
    /// <summary>Adds a child the borough is responsible for. Adding the same child twice changes nothing.</summary>
    Task AddChild(string childId);

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
    /// <summary>Appends the child unless already present, and returns its position in this page, or -1 when the page is full.</summary>
    Task<int> Append(string childId);

    /// <summary>Returns up to <paramref name="count"/> child ids from <paramref name="offset"/>.</summary>
    Task<IReadOnlyList<string>> Read(int offset, int count);
}

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
