using System.Text.Json.Serialization;

namespace PartnershipHub.Domain.Sharing;

/// <summary>
/// Why a caller reads or shares a child's information: stated with every read, and consent and sharing without
/// consent are specific to one. The values are the contract's (<c>partnershiphub.common.v1.AccessPurpose</c>); each
/// has one word, e.g. <c>mash-enquiry</c>, which the audit trail, stored consents and the <c>phub</c> client use.
/// </summary>
public enum AccessPurpose
{
    /// <summary>None stated: refused wherever a purpose is needed.</summary>
    [JsonStringEnumMemberName("unspecified")]
    None = 0,

    /// <summary>A borough managing its own case (not a sharing purpose: nothing crosses to another organisation).</summary>
    [JsonStringEnumMemberName("case-management")]
    CaseManagement = 1,

    /// <summary>A multi-agency safeguarding hub enquiry.</summary>
    [JsonStringEnumMemberName("mash-enquiry")]
    MashEnquiry = 2,

    /// <summary>A Section 47 enquiry (Children Act 1989).</summary>
    [JsonStringEnumMemberName("section-47")]
    Section47 = 3,

    /// <summary>Care planning for a looked-after child.</summary>
    [JsonStringEnumMemberName("care-planning")]
    CarePlanning = 4,

    /// <summary>A borough's case system keeping in sync with the hub (not a sharing purpose).</summary>
    [JsonStringEnumMemberName("case-sync")]
    CaseSync = 5,

    /// <summary>Matching a child with foster carers.</summary>
    [JsonStringEnumMemberName("fostering-matching")]
    FosteringMatching = 6,

    /// <summary>Matching a child with adopters.</summary>
    [JsonStringEnumMemberName("adoption-matching")]
    AdoptionMatching = 7,
}

/// <summary>The words for purposes, and which of them share information across organisations.</summary>
public static class AccessPurposes
{
    private static readonly Dictionary<AccessPurpose, string> Words = Enum.GetValues<AccessPurpose>().ToDictionary(
        p => p, p => typeof(AccessPurpose).GetField(p.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            .Cast<JsonStringEnumMemberNameAttribute>().Single().Name);

    /// <summary>The purposes a multi-agency view, consent or sharing without consent may be for.</summary>
    public static IReadOnlyList<AccessPurpose> Sharing { get; } =
        [AccessPurpose.MashEnquiry, AccessPurpose.Section47, AccessPurpose.CarePlanning, AccessPurpose.FosteringMatching, AccessPurpose.AdoptionMatching];

    /// <summary>The purpose's word, e.g. <c>mash-enquiry</c>, as the audit trail records it.</summary>
    public static string Name(this AccessPurpose purpose) => Words.TryGetValue(purpose, out var word) ? word : Words[AccessPurpose.None];

    /// <summary>Whether information crosses to another organisation for this purpose.</summary>
    public static bool IsSharing(this AccessPurpose purpose) => Sharing.Contains(purpose);
}
