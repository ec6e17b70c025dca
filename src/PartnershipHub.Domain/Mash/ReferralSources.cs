namespace PartnershipHub.Domain.Mash;

/// <summary>
/// The children in need census <c>ReferralSource</c> code list: who contacted the front door. Kept as data so a
/// new edition of the list changes one table.
/// </summary>
public static class ReferralSources
{
    /// <summary>Every code with its published description.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1A"] = "Individual: family member, relative or carer",
        ["1B"] = "Individual: acquaintance (including neighbours and child minders)",
        ["1C"] = "Individual: self",
        ["1D"] = "Individual: other",
        ["2A"] = "Schools",
        ["2B"] = "Education services",
        ["3A"] = "Health services: GP",
        ["3B"] = "Health services: health visitor",
        ["3C"] = "Health services: school nurse",
        ["3D"] = "Health services: other primary health services",
        ["3E"] = "Health services: A&E (emergency department)",
        ["3F"] = "Health services: other",
        ["4"] = "Housing (local authority or housing association)",
        ["5A"] = "Local authority services: social care (e.g. adults' social care)",
        ["5B"] = "Local authority services: other internal department",
        ["5C"] = "Local authority services: external (e.g. another local authority)",
        ["6"] = "Police",
        ["7"] = "Other legal agency (including courts, probation, immigration, Cafcass, prison)",
        ["8"] = "Other",
        ["9"] = "Anonymous",
        ["10"] = "Unknown",
    };

    /// <summary>Whether <paramref name="code"/> is on the list.</summary>
    public static bool IsKnown(string code) => All.ContainsKey(code);
}
