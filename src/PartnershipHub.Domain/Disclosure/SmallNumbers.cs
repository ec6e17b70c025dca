namespace PartnershipHub.Domain.Disclosure;

/// <summary>
/// Which counts are too small to publish (domain.md section 3: by default 1 to 4; zero is shown). Configurable.
/// </summary>
/// <param name="Smallest">The smallest count suppressed.</param>
/// <param name="Largest">The largest count suppressed.</param>
public sealed record SmallNumbers(int Smallest = 1, int Largest = 4)
{
    /// <summary>The partnership's default: 1 to 4.</summary>
    public static SmallNumbers Default { get; } = new();

    /// <summary>Whether <paramref name="count"/> must not be shown.</summary>
    public bool IsSmall(long count) => count >= Smallest && count <= Largest;
}

/// <summary>
/// Secondary suppression: once the small counts are hidden, hides more cells until no hidden cell can be worked out
/// from the cells shown. Cells are tied together by lines: each line is a set of cells one of which is the sum of
/// the others (a borough's total and its breakdown, the partnership's total and its boroughs). A line with exactly
/// one hidden cell gives that cell away by subtraction, so another cell of the line is hidden too: the smallest
/// non-zero one shown (least information lost), or a zero when nothing else is left. Hiding it may leave another
/// line with one hidden cell, so this repeats until every line has none or at least two. A cell may lie on many
/// lines (a borough's total is on its age-band line, its category line and the partnership's line), which is how a
/// cell hidden in one table stays hidden in every table that shares it.
/// </summary>
public static class SecondarySuppression
{
    /// <summary>
    /// The cells to hide: <paramref name="primary"/> and every cell that must go with them. The result depends only on
    /// the values and the lines, not on which cells a caller asked for, so two requests cannot be played off against
    /// each other.
    /// </summary>
    public static HashSet<TCell> Hide<TCell>(IReadOnlyDictionary<TCell, long> values, IEnumerable<TCell> primary, IReadOnlyList<IReadOnlyList<TCell>> lines)
        where TCell : notnull
    {
        var hidden = new HashSet<TCell>(primary);
        bool changed;
        do
        {
            changed = false;
            foreach (var line in lines)
            {
                if (line.Count(hidden.Contains) != 1)
                {
                    continue;
                }

                var shown = line.Where(c => !hidden.Contains(c)).ToList();
                if (shown.Count == 0)
                {
                    continue;
                }

                var next = shown.Where(c => values.GetValueOrDefault(c) != 0).DefaultIfEmpty(shown[0]).MinBy(c => values.GetValueOrDefault(c))!;
                hidden.Add(next);
                changed = true;
            }
        }
        while (changed);

        return hidden;
    }
}
