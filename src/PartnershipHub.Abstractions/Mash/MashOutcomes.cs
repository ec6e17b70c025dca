using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Abstractions.Mash;

/// <summary>How a MASH call on a child ended.</summary>
[GenerateSerializer]
public enum MashStatus
{
    /// <summary>Done; the value is returned.</summary>
    Done = 0,

    /// <summary>No child, contact or request has that id.</summary>
    NotFound = 1,

    /// <summary>The access policy refused the caller; nothing was changed.</summary>
    Denied = 2,

    /// <summary>A field is wrong for this record (e.g. a decision dated before the contact); nothing was changed.</summary>
    Invalid = 3,

    /// <summary>The record is not in a state that allows the call (e.g. already decided); nothing was changed.</summary>
    Conflict = 4,

    /// <summary>The caller changed an older version of the record than the one stored; nothing was changed.</summary>
    Stale = 5,
}

/// <summary>The result of a MASH call on a child grain.</summary>
/// <typeparam name="T">What a successful call returns.</typeparam>
/// <param name="Status">How it ended.</param>
/// <param name="Value">The result, when done.</param>
/// <param name="Reason">For the caller and the audit trail: the policy's rule or what is wrong.</param>
/// <param name="Field">For <see cref="MashStatus.Invalid"/> and <see cref="MashStatus.NotFound"/>: the request field at fault.</param>
[GenerateSerializer, Alias("MashResult`1")]
public sealed record MashResult<T>(
    [property: Id(0)] MashStatus Status,
    [property: Id(1)] T? Value,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? Field = null)
{
    /// <summary>A successful result.</summary>
    public static MashResult<T> Done(T value, string reason) => new(MashStatus.Done, value, reason);

    /// <summary>A refusal of the caller.</summary>
    public static MashResult<T> Denied(string reason) => new(MashStatus.Denied, default, reason);

    /// <summary>A field that is wrong for this record.</summary>
    public static MashResult<T> Invalid(string field, string reason) => new(MashStatus.Invalid, default, reason, field);

    /// <summary>Nothing has the id in <paramref name="field"/>.</summary>
    public static MashResult<T> NotFound(string field, string reason) => new(MashStatus.NotFound, default, reason, field);

    /// <summary>The caller's version of the record is not the stored one.</summary>
    public static MashResult<T> Stale(string reason) => new(MashStatus.Stale, default, reason);

    /// <summary>The record's state does not allow the call.</summary>
    public static MashResult<T> Conflict(string reason) => new(MashStatus.Conflict, default, reason);
}

/// <summary>What one agency contributed to a child's multi-agency view, or why it is withheld.</summary>
/// <param name="Agency">The agency.</param>
/// <param name="Included">True when shown; false when withheld.</param>
/// <param name="SharedOn">The basis it is shown on; none when withheld.</param>
/// <param name="Reason">Why it is shown or withheld.</param>
/// <param name="Answers">The agency's answers, only when included.</param>
[GenerateSerializer, Alias("AgencyContribution")]
public sealed record AgencyContribution(
    [property: Id(0)] string Agency,
    [property: Id(1)] bool Included,
    [property: Id(2)] LawfulBasis SharedOn,
    [property: Id(3)] string Reason,
    [property: Id(4)] IReadOnlyList<ContributedAnswer> Answers);

/// <summary>One answer in a contribution, with the enquiry it answered.</summary>
/// <param name="ContactId">The contact whose enquiry asked.</param>
/// <param name="RequestId">The request answered.</param>
/// <param name="Answer">The answer.</param>
[GenerateSerializer, Alias("ContributedAnswer")]
public sealed record ContributedAnswer(
    [property: Id(0)] string ContactId,
    [property: Id(1)] string RequestId,
    [property: Id(2)] AgencyAnswer Answer);

/// <summary>A child's multi-agency view: the child's record and, agency by agency, what the caller may see.</summary>
/// <param name="Child">The child's record.</param>
/// <param name="Contributions">Per agency that answered: included or withheld.</param>
[GenerateSerializer, Alias("MultiAgencyView")]
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
