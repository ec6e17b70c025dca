using System.Text.Json.Serialization;
using PartnershipHub.Domain.CodeLists;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Care;

/// <summary>
/// An episode of care, as in the SSDA903 return: a period of care is a run of episodes, and a new episode starts
/// whenever the legal status or the placement changes, on the day the previous one ends.
/// </summary>
/// <param name="StartDate">The day the episode started (<c>DECOM</c>).</param>
/// <param name="ReasonForNewEpisode">Why it started (<c>RNE</c>): S for a new period of care.</param>
/// <param name="LegalStatus">The legal status (<c>LS</c>).</param>
/// <param name="PlacementType">The placement type (<c>PLACE</c>).</param>
/// <param name="Provider">Who provides the placement (<c>PLACE_PROVIDER</c>); null when not known.</param>
/// <param name="PostcodeDistrict">The placement's postcode district; null when not known.</param>
/// <param name="EndDate">The day it ended (<c>DEC</c>); null while it goes on. The next episode starts that day.</param>
/// <param name="ReasonCeased">Why it ended (<c>REC</c>): X1 when a new episode follows.</param>
public sealed record CareEpisode(
    DateOnly StartDate,
    string ReasonForNewEpisode,
    string LegalStatus,
    string PlacementType,
    string? Provider,
    string? PostcodeDistrict,
    DateOnly? EndDate,
    string? ReasonCeased) : CareRecord
{
    /// <summary>The reason an episode ends when another follows it the same day.</summary>
    public const string ContinuesInNewEpisode = "X1";

    /// <summary>The reason for the first episode of a period of care.</summary>
    public const string StartedToBeLookedAfter = "S";

    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.CareEpisode;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => StartDate;

    /// <summary>The days the child was in this episode: the end day belongs to the next episode.</summary>
    [JsonIgnore]
    public override DatedPeriod Period => new(StartDate, EndDate is { } end ? (end > StartDate ? end.AddDays(-1) : StartDate) : null);

    /// <summary>Whether the placement changed as this episode started (a placement move).</summary>
    [JsonIgnore]
    public bool IsPlacementMove => ReasonForNewEpisode is "P" or "T" or "B" or "U";

    /// <summary>Whether the child is looked after on <paramref name="day"/> in this episode.</summary>
    public bool Covers(DateOnly day) => StartDate <= day && (EndDate is null || day < EndDate);

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        CheckCode(violations, "reason_for_new_episode", ReasonForNewEpisode, StatutoryCodes.ReasonForNewEpisode);
        CheckCode(violations, "legal_status", LegalStatus, StatutoryCodes.LegalStatus);
        CheckCode(violations, "placement_type", PlacementType, StatutoryCodes.PlacementType);
        if (Provider is not null)
        {
            CheckCode(violations, "provider", Provider, StatutoryCodes.PlacementProvider);
        }

        if (PostcodeDistrict is not null && Identifiers.PostcodeDistrict.Normalise(PostcodeDistrict) is null)
        {
            violations.Add("postcode_district", Identifiers.PostcodeDistrict.Expected);
        }

        CheckNotBefore(violations, "end_date", EndDate, StartDate, "start");
        if (EndDate is null && ReasonCeased is not null)
        {
            violations.Add("reason_ceased", "is given only with an end date.");
        }
        else if (EndDate is not null)
        {
            CheckCode(violations, "reason_ceased", ReasonCeased ?? string.Empty, StatutoryCodes.ReasonEpisodeCeased);
        }
    }
}

/// <summary>A looked-after review chaired by the independent reviewing officer.</summary>
/// <param name="ReviewDate">The day of the review.</param>
/// <param name="Participation">How the child took part (SSDA903 <c>REVIEW_CODE</c>).</param>
public sealed record CareReview(DateOnly ReviewDate, string Participation) : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.CareReview;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => ReviewDate;

    /// <summary>Whether the child took part (PN1 to PN6); PN0 (under 4) and PN7 are not participation.</summary>
    [JsonIgnore]
    public bool ChildParticipated => Participation is not ("PN0" or "PN7");

    /// <inheritdoc />
    public override void Check(Violations violations) =>
        CheckCode(violations, "participation", Participation, StatutoryCodes.ReviewParticipation);
}

/// <summary>The return home interview offered after a missing episode, and what it found.</summary>
/// <param name="OfferedDate">The day it was offered (due within 72 hours of the return).</param>
/// <param name="Accepted">Whether the child accepted it.</param>
/// <param name="ConductedBy">The organisation that did it.</param>
/// <param name="PushFactors">What pushed the child away from home or placement.</param>
/// <param name="PullFactors">What pulled the child away.</param>
/// <param name="Places">Where the child went.</param>
/// <param name="Associates">Who the child was with, as the interview recorded them.</param>
public sealed record ReturnInterview(
    DateOnly OfferedDate,
    bool Accepted,
    string? ConductedBy,
    IReadOnlyList<string> PushFactors,
    IReadOnlyList<string> PullFactors,
    IReadOnlyList<string> Places,
    IReadOnlyList<string> Associates);

/// <summary>A missing episode: missing, or away without authorisation.</summary>
/// <param name="StartDate">The day the child went missing.</param>
/// <param name="EndDate">The day the child returned; null while missing.</param>
/// <param name="MissingType">M (missing) or A (away without authorisation).</param>
/// <param name="Interview">The return home interview, once offered.</param>
public sealed record MissingEpisode(DateOnly StartDate, DateOnly? EndDate, string MissingType, ReturnInterview? Interview) : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.MissingEpisode;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => StartDate;

    /// <inheritdoc />
    [JsonIgnore]
    public override DatedPeriod Period => new(StartDate, EndDate);

    /// <summary>
    /// Whether the return home interview was offered within 72 hours of the return. The hub holds days, so the
    /// offer counts as on time when made within three days of the day the child returned.
    /// </summary>
    [JsonIgnore]
    public bool InterviewOfferedInTime =>
        EndDate is { } returned && Interview is { } interview
        && interview.OfferedDate <= returned.AddDays((int)Timescales.ReturnHomeInterviewOffer.TotalDays);

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        CheckCode(violations, "missing_type", MissingType, StatutoryCodes.MissingType);
        CheckNotBefore(violations, "end_date", EndDate, StartDate, "start");
        if (Interview is not { } interview)
        {
            return;
        }

        if (EndDate is not { } returned)
        {
            violations.Add("interview", "is offered after the child returns: give the end date first.");
            return;
        }

        CheckNotBefore(violations, "interview.offered_date", interview.OfferedDate, returned, "return");
        if (!interview.Accepted && (interview.PushFactors.Count + interview.PullFactors.Count + interview.Places.Count + interview.Associates.Count) > 0)
        {
            violations.Add("interview.accepted", "must be true when the interview found push or pull factors, places or associates.");
        }
    }
}

/// <summary>The police child sexual exploitation risk category, from a date until the next.</summary>
/// <param name="AssessedDate">The day the category was set (e.g. at the MASE panel).</param>
/// <param name="Category">BLUE, CAT1 or CAT2.</param>
public sealed record CseRisk(DateOnly AssessedDate, string Category) : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.CseRisk;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => AssessedDate;

    /// <inheritdoc />
    public override void Check(Violations violations) => CheckCode(violations, "category", Category, StatutoryCodes.CseCategory);
}

/// <summary>The milestones of a child's adoption, in the order they happen (entering care comes from the episodes).</summary>
public enum AdoptionStep
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>The decision that the child should be placed for adoption.</summary>
    DecisionToPlace = 1,

    /// <summary>The court made a placement order.</summary>
    PlacementOrder = 2,

    /// <summary>The child was matched with adopters.</summary>
    Matched = 3,

    /// <summary>The child moved in with the adopters.</summary>
    PlacedForAdoption = 4,

    /// <summary>The court made an adoption order.</summary>
    AdoptionOrder = 5,
}

/// <summary>One milestone of a child's adoption.</summary>
/// <param name="Step">Which milestone.</param>
/// <param name="MilestoneDate">The day it happened.</param>
/// <param name="AdopterId">The hub's id of the adopters, from the match on.</param>
public sealed record AdoptionMilestone(AdoptionStep Step, DateOnly MilestoneDate, string? AdopterId) : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.AdoptionMilestone;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => MilestoneDate;

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        if (Step == AdoptionStep.None)
        {
            violations.Add("step", "is required: DECISION_TO_PLACE, PLACEMENT_ORDER, MATCHED, PLACED_FOR_ADOPTION or ADOPTION_ORDER.");
        }
    }
}

/// <summary>A care leaver's status on a date (SSDA903 <c>IN_TOUCH</c>, <c>ACTIV</c>, <c>ACCOM</c>), at ages 17 to 21.</summary>
/// <param name="StatusDate">The day the status was established (usually around the birthday).</param>
/// <param name="InTouch">Whether the authority is in touch.</param>
/// <param name="Activity">Education, employment or training, or not; null when not known.</param>
/// <param name="Accommodation">The accommodation; null when not known.</param>
/// <param name="AccommodationSuitable">Whether the accommodation is suitable; null when not known.</param>
/// <param name="PersonalAdviser">The personal adviser's organisation or team.</param>
/// <param name="PathwayPlanReviewDate">The day the pathway plan was last reviewed.</param>
public sealed record CareLeaverStatus(
    DateOnly StatusDate, string InTouch, string? Activity, string? Accommodation, bool? AccommodationSuitable, string? PersonalAdviser, DateOnly? PathwayPlanReviewDate)
    : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.CareLeaverStatus;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => StatusDate;

    /// <summary>Whether the authority is in touch with the care leaver.</summary>
    [JsonIgnore]
    public bool IsInTouch => InTouch == "YES";

    /// <summary>Whether the care leaver is in education, employment or training (codes F1 to P5).</summary>
    [JsonIgnore]
    public bool InEducationEmploymentOrTraining => Activity is { Length: 2 } code && code[0] is 'F' or 'P';

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        CheckCode(violations, "in_touch", InTouch, StatutoryCodes.CareLeaverInTouch);
        if (IsInTouch)
        {
            CheckCode(violations, "activity", Activity ?? string.Empty, StatutoryCodes.CareLeaverActivity);
            CheckCode(violations, "accommodation", Accommodation ?? string.Empty, StatutoryCodes.CareLeaverAccommodation);
            if (AccommodationSuitable is null)
            {
                violations.Add("accommodation_suitable", "is required when the authority is in touch.");
            }
        }
        else if (Activity is not null || Accommodation is not null || AccommodationSuitable is not null)
        {
            violations.Add("in_touch", "must be YES when activity or accommodation is given: they are known only when in touch.");
        }
    }
}
