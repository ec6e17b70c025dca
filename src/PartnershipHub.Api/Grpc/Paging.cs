using PartnershipHub.Api.Children;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Grpc;

/// <summary>Pages of a list held in one grain: the page size and token checked, then the slice and the next token.</summary>
public static class Paging
{
    /// <summary>Checks a request's page size and token; returns the size to serve and the position to start at.</summary>
    public static (int Size, int Position) Check(Violations violations, int pageSize, string pageToken)
    {
        var size = PageTokens.PageSize(pageSize);
        if (size is null)
        {
            violations.Add("page_size", "must not be negative.");
        }

        if (!PageTokens.TryDecode(pageToken, out var position))
        {
            violations.Add("page_token", "is not a token this hub issued.");
        }

        return (size ?? PageTokens.DefaultPageSize, position);
    }

    /// <summary>The page of <paramref name="all"/> from <paramref name="position"/>, and the token of the next page (empty on the last).</summary>
    public static (IReadOnlyList<T> Page, string NextPageToken) Slice<T>(IReadOnlyList<T> all, int position, int size)
    {
        var page = all.Skip(position).Take(size).ToList();
        var next = position + page.Count;
        return (page, next < all.Count ? PageTokens.Encode(next) : string.Empty);
    }
}
