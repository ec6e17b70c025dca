using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Children;

/// <summary>The fostering side of a child's record: what matching needs to know, under the care-record rule.</summary>
public sealed partial class ChildGrain : IChildFosteringGrain
{
    /// <inheritdoc />
    public async Task<MashResult<ChildForMatching>> ForFosteringMatching(Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return MashResult<ChildForMatching>.NotFound("child_id", NoChild);
        }

        var details = child.Details;
        var access = AccessPolicy.CanReadCareRecord(caller, details.ResponsibleBorough, SharingPurposes.FosteringMatching, await Agreements(), Today());
        return access.Allowed
            ? MashResult<ChildForMatching>.Done(new ChildForMatching(child.ChildId, details.ResponsibleBorough, details.BirthDateStatus, details.BirthDate), access.Reason)
            : MashResult<ChildForMatching>.Denied(access.Reason);
    }
}
