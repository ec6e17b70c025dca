using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Common.V1;

namespace PartnershipHub.Api.Grpc;

/// <summary>
/// The contract's access purposes and the domain's, value for value by name (<c>ACCESS_PURPOSE_MASH_ENQUIRY</c> is
/// <see cref="AccessPurpose.MashEnquiry"/>), checked where a request enters the hub.
/// </summary>
public static class Purposes
{
    private static readonly Dictionary<V1.AccessPurpose, AccessPurpose> ToDomainValues = Enum.GetValues<V1.AccessPurpose>()
        .Where(p => p != V1.AccessPurpose.Unspecified)
        .ToDictionary(p => p, p => Enum.Parse<AccessPurpose>(p.ToString()));

    private static readonly Dictionary<AccessPurpose, V1.AccessPurpose> ToMessageValues = ToDomainValues.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The purpose a request states; a violation on <paramref name="field"/> when it states none or one the contract does not define.</summary>
    public static AccessPurpose Required(Violations violations, string field, V1.AccessPurpose purpose, string read)
    {
        if (ToDomainValues.TryGetValue(purpose, out var domain))
        {
            return domain;
        }

        violations.Add(field, $"is required: why {read} is read, e.g. ACCESS_PURPOSE_CASE_MANAGEMENT.");
        return AccessPurpose.None;
    }

    /// <summary>A purpose for which multi-agency information is shared; a violation on <paramref name="field"/> for any other.</summary>
    public static AccessPurpose Sharing(Violations violations, string field, V1.AccessPurpose purpose)
    {
        if (ToDomainValues.TryGetValue(purpose, out var domain) && domain.IsSharing())
        {
            return domain;
        }

        violations.Add(field, "must be a sharing purpose: MASH_ENQUIRY, SECTION_47, CARE_PLANNING, FOSTERING_MATCHING or ADOPTION_MATCHING.");
        return AccessPurpose.None;
    }

    /// <summary>The contract's value for a purpose.</summary>
    public static V1.AccessPurpose ToMessage(AccessPurpose purpose) => ToMessageValues.GetValueOrDefault(purpose, V1.AccessPurpose.Unspecified);
}
