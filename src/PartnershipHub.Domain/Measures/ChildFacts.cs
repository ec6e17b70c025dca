using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Mash;

namespace PartnershipHub.Domain.Measures;

/// <summary>An information request of a MASH enquiry, as far as the measures need it.</summary>
/// <param name="DueAt">When the answer was due.</param>
/// <param name="AnsweredAt">When the agency answered; null while unanswered.</param>
public sealed record RequestFacts(DateTimeOffset DueAt, DateTimeOffset? AnsweredAt);

/// <summary>A MASH contact, as far as the measures need it.</summary>
/// <param name="Borough">The borough whose front door received it.</param>
/// <param name="Rating">The current BRAG rating.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="DecidedAt">When the MASH decided; null while open.</param>
/// <param name="Requests">The information requests sent to agencies.</param>
public sealed record ContactFacts(string Borough, BragRating Rating, DateTimeOffset ReceivedAt, DateTimeOffset? DecidedAt, IReadOnlyList<RequestFacts> Requests);

/// <summary>What the partnership's measures read of one child: no names, no identifiers.</summary>
/// <param name="Borough">The borough responsible for the child, which the child's care records count for.</param>
/// <param name="BirthDate">The date of birth, when known.</param>
/// <param name="Records">The care records that stand (withdrawn ones left out).</param>
/// <param name="Contacts">The MASH contacts about the child; each counts for the borough that received it.</param>
public sealed record ChildFacts(string Borough, DateOnly? BirthDate, IReadOnlyList<IdentifiedRecord> Records, IReadOnlyList<ContactFacts> Contacts);
