namespace PartnershipHub.Domain.Identifiers;

/// <summary>A local authority taking part in the hub, known by its ONS code.</summary>
/// <param name="Code">The ONS code, e.g. <c>E09000033</c>.</param>
/// <param name="Name">The borough's name.</param>
/// <param name="ShortName">The abbreviation practitioners use, where there is one.</param>
public sealed record Borough(string Code, string Name, string ShortName)
{
    /// <summary>The boroughs of the partnership (domain.md section 1). Kept as data, not scattered literals.</summary>
    public static IReadOnlyList<Borough> All { get; } =
    [
        new("E09000013", "Hammersmith and Fulham", "LBHF"),
        new("E09000020", "Kensington and Chelsea", "RBKC"),
        new("E09000033", "Westminster", "WCC"),
        new("E09000009", "Ealing", "Ealing"),
        new("E09000018", "Hounslow", "Hounslow"),
        new("E09000005", "Brent", "Brent"),
    ];

    private static readonly Dictionary<string, Borough> ByCode = All.ToDictionary(b => b.Code, StringComparer.Ordinal);

    /// <summary>Finds a borough of the partnership by its ONS code (exact, upper case).</summary>
    public static Borough? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var b) ? b : null;
}
