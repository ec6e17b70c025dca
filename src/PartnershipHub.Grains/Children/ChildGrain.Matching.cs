using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Children;

/// <summary>What fostering and adoption matching need to know of a child, under the care-record rule.</summary>
public sealed partial class ChildGrain : IChildMatchingGrain
{
    /// <inheritdoc />
    public async Task<CallResult<ChildForMatching>> ForMatching(AccessPurpose purpose, Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return CallResult<ChildForMatching>.NotFound("child_id", NoChild);
        }

        var details = child.Details;
        var access = AccessPolicy.CanReadCareRecord(caller, details.ResponsibleBorough, purpose, await Agreements(), Today());
        return access.Allowed
            ? CallResult<ChildForMatching>.Done(new ChildForMatching(child.ChildId, details.ResponsibleBorough, details.BirthDateStatus, details.BirthDate), access.Reason)
            : CallResult<ChildForMatching>.Denied(access.Reason);
    }
}
