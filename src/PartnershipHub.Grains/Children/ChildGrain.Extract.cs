using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Datasets;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Extracts;

namespace PartnershipHub.Grains.Children;

/// <summary>The extract side of a child's record: the minimised row of a partnership extract, made here.</summary>
public sealed partial class ChildGrain : IChildExtractGrain
{
    /// <inheritdoc />
    public Task<CallResult<ChildExtractRow?>> ExtractRow(DateOnly asAt, IReadOnlyList<ExtractCohort> cohorts, Caller caller)
    {
        var access = AccessPolicy.CanPullChildExtract(caller);
        if (!access.Allowed)
        {
            return Task.FromResult(CallResult<ChildExtractRow?>.Denied(access.Reason));
        }

        if (state.State.Child is not { } child)
        {
            return Task.FromResult(CallResult<ChildExtractRow?>.Done(null, "no child is registered with this id"));
        }

        var details = child.Details;
        var row = ChildExtracts.RowOf(
            details.ResponsibleBorough,
            details.BirthDateStatus == BirthDateStatus.Known ? details.BirthDate : null,
            Standing().Select(r => r.Record),
            asAt,
            cohorts);
        return Task.FromResult(CallResult<ChildExtractRow?>.Done(row, access.Reason));
    }
}
