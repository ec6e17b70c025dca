using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Abstractions.Mash;

/// <summary>
/// A child's multi-agency view: the child's record and, agency by agency, what the caller may see. Made afresh for
/// each view from immutable records, so a call within the silo hands it on as it is instead of copying it.
/// </summary>
/// <param name="Child">The child's record.</param>
/// <param name="Contributions">Per agency that answered: included or withheld.</param>
[GenerateSerializer, Immutable, Alias("MultiAgencyView")]
public sealed record MultiAgencyView(
    [property: Id(0)] ChildRecord Child,
    [property: Id(1)] IReadOnlyList<AgencyContribution> Contributions);

/// <summary>Where one information request stands, for the MASH's list of open enquiries.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Agency">The agency asked.</param>
/// <param name="DueAt">When the answer is due.</param>
/// <param name="AnsweredAt">When it was answered, if it has been.</param>
[GenerateSerializer, Alias("RequestProgress")]
public sealed record RequestProgress(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Agency,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] DateTimeOffset? AnsweredAt);

/// <summary>An open MASH enquiry as its borough's MASH sees it in the list: no child-level content.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="ContactId">The contact.</param>
/// <param name="Borough">The borough whose front door received it.</param>
/// <param name="ReceivedAt">When the contact was received.</param>
/// <param name="Rating">The current rating.</param>
/// <param name="Requests">The information requests and where each stands.</param>
[GenerateSerializer, Alias("EnquirySummary")]
public sealed record EnquirySummary(
    [property: Id(0)] string ChildId,
    [property: Id(1)] string ContactId,
    [property: Id(2)] string Borough,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] BragRating Rating,
    [property: Id(5)] IReadOnlyList<RequestProgress> Requests)
{
    /// <summary>The summary of a contact that is, or was, a MASH enquiry.</summary>
    public static EnquirySummary Of(MashContact contact) => new(
        contact.ChildId, contact.ContactId, contact.Details.Borough, contact.Details.ReceivedAt,
        contact.CurrentRating?.Rating ?? BragRating.None,
        [.. contact.Requests.Select(r => new RequestProgress(r.RequestId, r.Agency, r.DueAt, r.Answer?.By.At))]);
}

/// <summary>An information request waiting in an agency's inbox: what is asked and by when, and which child.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="ChildId">The child it is about.</param>
/// <param name="ContactId">The contact whose enquiry asks.</param>
/// <param name="Borough">The borough whose MASH asks.</param>
/// <param name="Question">What is asked.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="DueAt">When the answer is due.</param>
[GenerateSerializer, Alias("AgencyRequestSummary")]
public sealed record AgencyRequestSummary(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string ChildId,
    [property: Id(2)] string ContactId,
    [property: Id(3)] string Borough,
    [property: Id(4)] string Question,
    [property: Id(5)] DateTimeOffset SentAt,
    [property: Id(6)] DateTimeOffset DueAt);
