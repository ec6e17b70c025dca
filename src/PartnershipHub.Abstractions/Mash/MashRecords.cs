using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Abstractions.Mash;

/// <summary>What the front door records about a contact, already validated.</summary>
/// <param name="Borough">The borough whose front door received it (ONS code).</param>
/// <param name="ReceivedAt">When the contact was received.</param>
/// <param name="ReferralSource">Who made it, as a CIN census <c>ReferralSource</c> code.</param>
/// <param name="Concerns">The reported concerns, as recorded.</param>
[GenerateSerializer, Alias("ContactDetails")]
public sealed record ContactDetails(
    [property: Id(0)] string Borough,
    [property: Id(1)] DateTimeOffset ReceivedAt,
    [property: Id(2)] string ReferralSource,
    [property: Id(3)] string Concerns);

/// <summary>Who did something and when: kept with every rating, request, answer, decision and consent.</summary>
/// <param name="Organisation">The organisation acting.</param>
/// <param name="Role">Their role.</param>
/// <param name="UserId">The person or system acting.</param>
/// <param name="At">When the hub recorded it.</param>
[GenerateSerializer, Alias("RecordedBy")]
public sealed record RecordedBy(
    [property: Id(0)] string Organisation,
    [property: Id(1)] string Role,
    [property: Id(2)] string UserId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>One BRAG rating of a contact; ratings can change and each is kept.</summary>
/// <param name="Rating">Red, amber, green or blue.</param>
/// <param name="TooLittleInformation">True when there is too little information to decide, which sends even red or amber to the MASH.</param>
/// <param name="Rationale">Why.</param>
/// <param name="By">Who rated it and when.</param>
[GenerateSerializer, Alias("RatingEntry")]
public sealed record RatingEntry(
    [property: Id(0)] BragRating Rating,
    [property: Id(1)] bool TooLittleInformation,
    [property: Id(2)] string Rationale,
    [property: Id(3)] RecordedBy By);

/// <summary>One structured item of an agency's answer, e.g. <c>known_to_police: yes</c>.</summary>
/// <param name="Name">The item's name.</param>
/// <param name="Value">What the agency holds.</param>
[GenerateSerializer, Alias("AnswerField")]
public sealed record AnswerField([property: Id(0)] string Name, [property: Id(1)] string Value);

/// <summary>A partner agency's answer to an information request.</summary>
/// <param name="NothingKnown">True when the agency holds nothing about the child.</param>
/// <param name="Fields">Structured items.</param>
/// <param name="FreeText">What else the agency wants the MASH to know.</param>
/// <param name="Classification">The agency's classification of the information, e.g. <c>official-sensitive</c>.</param>
/// <param name="Basis">The basis on which the agency shares it.</param>
/// <param name="By">Who answered and when.</param>
[GenerateSerializer, Alias("AgencyAnswer")]
public sealed record AgencyAnswer(
    [property: Id(0)] bool NothingKnown,
    [property: Id(1)] IReadOnlyList<AnswerField> Fields,
    [property: Id(2)] string FreeText,
    [property: Id(3)] string Classification,
    [property: Id(4)] LawfulBasis Basis,
    [property: Id(5)] RecordedBy By);

/// <summary>A request from the MASH to a named partner agency for what it knows about the child.</summary>
/// <param name="RequestId">The hub's id for the request.</param>
/// <param name="Agency">The agency asked.</param>
/// <param name="Question">What the MASH asks.</param>
/// <param name="DueAt">When the answer is due, from the contact's rating.</param>
/// <param name="Sent">Who sent it and when.</param>
/// <param name="Answer">The agency's answer, once given.</param>
[GenerateSerializer, Alias("InformationRequest")]
public sealed record InformationRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Agency,
    [property: Id(2)] string Question,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] RecordedBy Sent,
    [property: Id(5)] AgencyAnswer? Answer);

/// <summary>The MASH's decision on a contact.</summary>
/// <param name="Decision">What was decided.</param>
/// <param name="Rationale">Why.</param>
/// <param name="TransferTo">For a transfer: the authority taking the case (ONS code or name).</param>
/// <param name="DecidedAt">When the decision was made.</param>
/// <param name="By">Who recorded it and when.</param>
[GenerateSerializer, Alias("DecisionEntry")]
public sealed record DecisionEntry(
    [property: Id(0)] MashDecision Decision,
    [property: Id(1)] string Rationale,
    [property: Id(2)] string? TransferTo,
    [property: Id(3)] DateTimeOffset DecidedAt,
    [property: Id(4)] RecordedBy By);

/// <summary>A contact about a child and everything the MASH did with it.</summary>
/// <param name="ContactId">The hub's id for the contact.</param>
/// <param name="ChildId">The child it is about.</param>
/// <param name="Details">What was reported.</param>
/// <param name="Recorded">Who recorded it and when.</param>
/// <param name="Ratings">Every rating, oldest first; the last is current.</param>
/// <param name="Requests">Information requests sent to partner agencies.</param>
/// <param name="Decision">The decision, once made.</param>
[GenerateSerializer, Alias("MashContact")]
public sealed record MashContact(
    [property: Id(0)] string ContactId,
    [property: Id(1)] string ChildId,
    [property: Id(2)] ContactDetails Details,
    [property: Id(3)] RecordedBy Recorded,
    [property: Id(4)] IReadOnlyList<RatingEntry> Ratings,
    [property: Id(5)] IReadOnlyList<InformationRequest> Requests,
    [property: Id(6)] DecisionEntry? Decision)
{
    /// <summary>The current rating, if any.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RatingEntry? CurrentRating => Ratings.Count > 0 ? Ratings[^1] : null;

    /// <summary>Where the contact goes, from its current rating.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ContactRoute Route => CurrentRating is { } r ? BragRules.RouteFor(r.Rating, r.TooLittleInformation) : ContactRoute.AwaitingRating;

    /// <summary>Time from the contact being received to the decision, once decided.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan? TimeToDecision => Decision is { } d ? d.DecidedAt - Details.ReceivedAt : null;
}

/// <summary>A recorded consent decision for one child, purpose and recipient agency.</summary>
/// <param name="Purpose">One of <see cref="SharingPurposes"/>.</param>
/// <param name="Recipient">The agency asked for information.</param>
/// <param name="State">Given, refused, withdrawn or not sought.</param>
/// <param name="Notes">What the family said, as recorded.</param>
/// <param name="By">Who recorded it and when.</param>
[GenerateSerializer, Alias("ConsentRecord")]
public sealed record ConsentRecord(
    [property: Id(0)] string Purpose,
    [property: Id(1)] string Recipient,
    [property: Id(2)] ConsentState State,
    [property: Id(3)] string Notes,
    [property: Id(4)] RecordedBy By)
{
    /// <summary>The fact the access policy weighs.</summary>
    public ConsentFact ToFact() => new(Purpose, Recipient, State, By.At);
}

/// <summary>A manager's decision to share without consent, with its lawful basis.</summary>
/// <param name="Purpose">One of <see cref="SharingPurposes"/>.</param>
/// <param name="Agency">The agency whose information may be shared, or null for every agency.</param>
/// <param name="Basis">The lawful basis.</param>
/// <param name="Reason">Why sharing is necessary and proportionate.</param>
/// <param name="By">The authorising manager and when.</param>
[GenerateSerializer, Alias("SharingWithoutConsentRecord")]
public sealed record SharingWithoutConsentRecord(
    [property: Id(0)] string Purpose,
    [property: Id(1)] string? Agency,
    [property: Id(2)] LawfulBasis Basis,
    [property: Id(3)] string Reason,
    [property: Id(4)] RecordedBy By)
{
    /// <summary>The fact the access policy weighs.</summary>
    public OverrideFact ToFact() => new(Purpose, Agency, Basis, By.UserId, By.At);
}
