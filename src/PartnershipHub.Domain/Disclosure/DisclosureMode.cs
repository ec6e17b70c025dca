namespace PartnershipHub.Domain.Disclosure;

/// <summary>
/// How a dataset is disclosure-controlled. The partnership's own board pack shows exact small numbers; what is
/// published suppresses them. Who may ask for which is <c>AccessPolicy.CanReadDataset</c>.
/// </summary>
public enum DisclosureMode
{
    /// <summary>Safe to publish: small counts suppressed (primary), and every cell that would give one away (secondary).</summary>
    Publication = 1,

    /// <summary>Exact figures for the safeguarding partnership's board; not for publication.</summary>
    Board = 2,
}

/// <summary>What each disclosure mode suppresses.</summary>
public static class DisclosureModes
{
    /// <summary>No count is too small: the board's exact figures.</summary>
    public static SmallNumbers Exact { get; } = new(1, 0);

    /// <summary>
    /// The counts suppressed in <paramref name="mode"/>: the configured small numbers for publication, none for the
    /// board (secondary suppression then has nothing to protect either).
    /// </summary>
    public static SmallNumbers Suppressing(this DisclosureMode mode, SmallNumbers published) =>
        mode == DisclosureMode.Board ? Exact : published;
}
