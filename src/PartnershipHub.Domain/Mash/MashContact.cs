using System.Text.Json.Serialization;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Domain.Mash;

/// <summary>What the front door records about a contact, already validated.</summary>
/// <param name="Borough">The borough whose front door received it (ONS code).</param>
/// <param name="ReceivedAt">When the contact was received.</param>
/// <param name="ReferralSource">Who made it, as a CIN census <c>ReferralSource</c> code.</param>
/// <param name="Concerns">The reported concerns, as recorded.</param>
public sealed record ContactDetails(string Borough, DateTimeOffset ReceivedAt, string ReferralSource, string Concerns);

/// <summary>One BRAG rating of a contact; ratings can change and each is kept.</summary>
/// <param name="Rating">Red, amber, green or blue.</param>
/// <param name="TooLittleInformation">True when there is too little information to decide, which sends even red or amber to the MASH.</param>
/// <param name="Rationale">Why.</param>
/// <param name="By">Who rated it and when.</param>
public sealed record RatingEntry(BragRating Rating, bool TooLittleInformation, string Rationale, RecordedBy By);

/// <summary>One structured item of an agency's answer, e.g. <c>known_to_police: yes</c>.</summary>
/// <param name="Name">The item's name.</param>
/// <param name="Value">What the agency holds.</param>
public sealed record AnswerField(string Name, string Value);

/// <summary>A partner agency's answer to an information request.</summary>
/// <param name="NothingKnown">True when the agency holds nothing about the child.</param>
/// <param name="Fields">Structured items.</param>
/// <param name="FreeText">What else the agency wants the MASH to know.</param>
/// <param name="Classification">The agency's classification of the information, e.g. <c>official-sensitive</c>.</param>
/// <param name="Basis">The basis on which the agency shares it.</param>
/// <param name="By">Who answered and when.</param>
public sealed record AgencyAnswer(
    bool NothingKnown, IReadOnlyList<AnswerField> Fields, string FreeText, string Classification, LawfulBasis Basis, RecordedBy By);

/// <summary>A request from the MASH to a named partner agency for what it knows about the child.</summary>
/// <param name="RequestId">The hub's id for the request.</param>
/// <param name="Agency">The agency asked.</param>
/// <param name="Question">What the MASH asks.</param>
/// <param name="DueAt">When the answer is due, from the contact's rating.</param>
/// <param name="Sent">Who sent it and when.</param>
/// <param name="Answer">The agency's answer, once given.</param>
public sealed record InformationRequest(string RequestId, string Agency, string Question, DateTimeOffset DueAt, RecordedBy Sent, AgencyAnswer? Answer);

/// <summary>The MASH's decision on a contact.</summary>
/// <param name="Decision">What was decided.</param>
/// <param name="Rationale">Why.</param>
/// <param name="TransferTo">For a transfer: the authority taking the case (ONS code or name).</param>
/// <param name="DecidedAt">When the decision was made.</param>
/// <param name="By">Who recorded it and when.</param>
public sealed record DecisionEntry(MashDecision Decision, string Rationale, string? TransferTo, DateTimeOffset DecidedAt, RecordedBy By);

/// <summary>A contact about a child and everything the MASH did with it. <see cref="MashCaseRules"/> moves it on.</summary>
/// <param name="ContactId">The hub's id for the contact.</param>
/// <param name="ChildId">The child it is about.</param>
/// <param name="Details">What was reported.</param>
/// <param name="Recorded">Who recorded it and when.</param>
/// <param name="Ratings">Every rating, oldest first; the last is current.</param>
/// <param name="Requests">Information requests sent to partner agencies.</param>
/// <param name="Decision">The decision, once made.</param>
public sealed record MashContact(
    string ContactId,
    string ChildId,
    ContactDetails Details,
    RecordedBy Recorded,
    IReadOnlyList<RatingEntry> Ratings,
    IReadOnlyList<InformationRequest> Requests,
    DecisionEntry? Decision)
{
    /// <summary>The current rating, if any.</summary>
    [JsonIgnore]
    public RatingEntry? CurrentRating => Ratings.Count > 0 ? Ratings[^1] : null;

    /// <summary>Where the contact goes, from its current rating.</summary>
    [JsonIgnore]
    public ContactRoute Route => CurrentRating is { } r ? BragRules.RouteFor(r.Rating, r.TooLittleInformation) : ContactRoute.AwaitingRating;

    /// <summary>Time from the contact being received to the decision, once decided.</summary>
    [JsonIgnore]
    public TimeSpan? TimeToDecision => Decision is { } d ? d.DecidedAt - Details.ReceivedAt : null;
}

/// <summary>One answer in a contribution to a multi-agency view, with the enquiry it answered.</summary>
/// <param name="ContactId">The contact whose enquiry asked.</param>
/// <param name="RequestId">The request answered.</param>
/// <param name="Answer">The answer.</param>
public sealed record ContributedAnswer(string ContactId, string RequestId, AgencyAnswer Answer);

/// <summary>What one agency contributed to a child's multi-agency view, or why it is withheld.</summary>
/// <param name="Agency">The agency.</param>
/// <param name="Included">True when shown; false when withheld.</param>
/// <param name="SharedOn">The basis it is shown on; none when withheld.</param>
/// <param name="Reason">Why it is shown or withheld.</param>
/// <param name="Answers">The agency's answers, only when included.</param>
public sealed record AgencyContribution(string Agency, bool Included, LawfulBasis SharedOn, string Reason, IReadOnlyList<ContributedAnswer> Answers);
