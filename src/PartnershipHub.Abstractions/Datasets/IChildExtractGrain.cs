using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Extracts;

namespace PartnershipHub.Abstractions.Datasets;

/// <summary>
/// The extract side of a child's record (the same grain as <see cref="Children.IChildGrain"/>): the child's minimised
/// row of a partnership extract. The row is made inside the grain, so the full date of birth, names and identifiers
/// never leave it for an extract.
/// </summary>
public interface IChildExtractGrain : IGrainWithStringKey
{
    /// <summary>
    /// The child's row as at <paramref name="asAt"/>, or a null value when the child is in none of
    /// <paramref name="cohorts"/> that day (or is not registered). Denied unless the access policy lets the caller pull
    /// extracts. Changes nothing; the caller records the row in the child's audit trail before it leaves the hub.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CallResult<ChildExtractRow?>> ExtractRow(DateOnly asAt, IReadOnlyList<ExtractCohort> cohorts, Caller caller);
}
