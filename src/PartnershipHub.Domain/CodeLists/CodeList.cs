using System.Text.Json;

namespace PartnershipHub.Domain.CodeLists;

/// <summary>One published code list: codes and what each means.</summary>
/// <param name="Name">The list's name in <c>code-lists.json</c>, e.g. <c>legal-status</c>.</param>
/// <param name="Title">What the list is, with its source.</param>
/// <param name="Codes">Each code with its published description.</param>
public sealed record CodeList(string Name, string Title, IReadOnlyDictionary<string, string> Codes)
{
    /// <summary>Whether <paramref name="code"/> is on the list.</summary>
    public bool IsKnown(string code) => Codes.ContainsKey(code);

    /// <summary>A sentence for a field violation: which codes the list accepts.</summary>
    public string Expected => $"must be a code of the {Title} list: {string.Join(", ", Codes.Keys)}.";
}

/// <summary>
/// The statutory code lists the hub validates against, kept as data in <c>code-lists.json</c> (an embedded
/// resource) so a new edition of a return's codes changes that file, not the code.
/// </summary>
public static class StatutoryCodes
{
    private static readonly IReadOnlyDictionary<string, CodeList> Lists = Load();

    /// <summary>CIN census referral sources.</summary>
    public static CodeList ReferralSource => Lists["referral-source"];

    /// <summary>Child protection plan categories.</summary>
    public static CodeList PlanCategory => Lists["plan-category"];

    /// <summary>SSDA903 reasons for a new episode.</summary>
    public static CodeList ReasonForNewEpisode => Lists["reason-for-new-episode"];

    /// <summary>SSDA903 legal statuses.</summary>
    public static CodeList LegalStatus => Lists["legal-status"];

    /// <summary>SSDA903 placement types.</summary>
    public static CodeList PlacementType => Lists["placement-type"];

    /// <summary>SSDA903 reasons an episode ceased.</summary>
    public static CodeList ReasonEpisodeCeased => Lists["reason-episode-ceased"];

    /// <summary>Missing or away without authorisation.</summary>
    public static CodeList MissingType => Lists["missing-type"];

    /// <summary>Police CSE risk categories.</summary>
    public static CodeList CseCategory => Lists["cse-category"];

    /// <summary>SSDA903 care leaver activity.</summary>
    public static CodeList CareLeaverActivity => Lists["care-leaver-activity"];

    /// <summary>SSDA903 care leaver in touch.</summary>
    public static CodeList CareLeaverInTouch => Lists["care-leaver-in-touch"];

    /// <summary>CIN census factors identified at the end of an assessment.</summary>
    public static CodeList AssessmentFactor => Lists["assessment-factor"];

    /// <summary>SSDA903 placement providers.</summary>
    public static CodeList PlacementProvider => Lists["placement-provider"];

    /// <summary>SSDA903 ways a child took part in a looked-after review.</summary>
    public static CodeList ReviewParticipation => Lists["review-participation"];

    /// <summary>SSDA903 care leaver accommodation.</summary>
    public static CodeList CareLeaverAccommodation => Lists["care-leaver-accommodation"];

    /// <summary>Every list, by name.</summary>
    public static IEnumerable<CodeList> All => Lists.Values;

    private static Dictionary<string, CodeList> Load()
    {
        using var stream = typeof(StatutoryCodes).Assembly.GetManifestResourceStream("PartnershipHub.Domain.CodeLists.code-lists.json")
            ?? throw new InvalidOperationException("The code lists resource is missing from the domain assembly.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateObject().ToDictionary(
            list => list.Name,
            list => new CodeList(
                list.Name,
                list.Value.GetProperty("title").GetString()!,
                list.Value.GetProperty("codes").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetString()!, StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }
}
