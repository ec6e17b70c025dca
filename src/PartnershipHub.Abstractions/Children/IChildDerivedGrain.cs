using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.Children;

/// <summary>
/// What a child's own record says the structures derived from it must hold: the consistency check
/// (<c>phub admin check</c>) compares them with the rosters, boards and inboxes.
/// </summary>
public interface IChildDerivedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers the child's follow-ups first, then says what its borough's roster, MASH board and the agencies'
    /// inboxes must hold of it; null for an id no child has.
    /// </summary>
    Task<ChildDerived?> Derived();

    /// <summary>
    /// Sends the child's details and every care record as they stand now to its borough's change feed again, as new
    /// changes (the check's repair of a feed behind the child), recorded in the child's trail as done by <paramref name="caller"/>.
    /// </summary>
    Task ResendToFeed(Caller caller);
}

/// <summary>What the derived structures must hold of one child.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="Borough">The responsible borough, whose roster lists the child.</param>
/// <param name="OpenRequests">The child's unanswered information requests of undecided enquiries, each in its agency's inbox.</param>
/// <param name="OpenEnquiries">The child's open MASH enquiries, each on its borough's board.</param>
/// <param name="Undelivered">Follow-ups still not delivered after this try (their targets failing).</param>
/// <param name="DetailsSequence">The sequence of the latest change of the child's details made for the change feed.</param>
/// <param name="CareSequence">The sequence of the latest change of its care records made for the change feed.</param>
[GenerateSerializer, Alias("ChildDerived")]
public sealed record ChildDerived(
    [property: Id(0)] string ChildId,
    [property: Id(1)] string Borough,
    [property: Id(2)] IReadOnlyList<OpenRequest> OpenRequests,
    [property: Id(3)] IReadOnlyList<EnquirySummary> OpenEnquiries,
    [property: Id(4)] int Undelivered,
    [property: Id(5)] long DetailsSequence,
    [property: Id(6)] long CareSequence);

/// <summary>An information request an agency's inbox must list.</summary>
/// <param name="Agency">The agency.</param>
/// <param name="Request">The request as the inbox lists it.</param>
[GenerateSerializer, Alias("OpenRequest")]
public sealed record OpenRequest([property: Id(0)] string Agency, [property: Id(1)] AgencyRequestSummary Request);
