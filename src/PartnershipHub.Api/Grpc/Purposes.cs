using PartnershipHub.Domain.Sharing;
using V1 = PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Api.Grpc;

/// <summary>The access purposes of the API and the names the audit trail and the sharing rules use for them.</summary>
public static class Purposes
{
    /// <summary>The purpose's name, e.g. <c>mash-enquiry</c>; <c>unspecified</c> for anything else.</summary>
    public static string Name(V1.AccessPurpose purpose) => purpose switch
    {
        V1.AccessPurpose.CaseManagement => SharingPurposes.CaseManagement,
        V1.AccessPurpose.MashEnquiry => SharingPurposes.MashEnquiry,
        V1.AccessPurpose.Section47 => SharingPurposes.Section47,
        V1.AccessPurpose.CarePlanning => SharingPurposes.CarePlanning,
        V1.AccessPurpose.CaseSync => SharingPurposes.CaseSync,
        V1.AccessPurpose.FosteringMatching => SharingPurposes.FosteringMatching,
        V1.AccessPurpose.AdoptionMatching => SharingPurposes.AdoptionMatching,
        _ => "unspecified",
    };

    /// <summary>The purpose value for a name, the reverse of <see cref="Name"/>.</summary>
    public static V1.AccessPurpose FromName(string name) =>
        Enum.GetValues<V1.AccessPurpose>().FirstOrDefault(p => Name(p) == name);

    /// <summary>Checks a purpose is one for which multi-agency information is shared.</summary>
    public static string? CheckSharingPurpose(Domain.Validation.Violations violations, string field, V1.AccessPurpose purpose)
    {
        var name = Name(purpose);
        if (SharingPurposes.All.Contains(name))
        {
            return name;
        }

        violations.Add(field, "must be a sharing purpose: MASH_ENQUIRY, SECTION_47, CARE_PLANNING, FOSTERING_MATCHING or ADOPTION_MATCHING.");
        return null;
    }
}
