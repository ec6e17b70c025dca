using System.Text.Json.Serialization;
using PartnershipHub.Domain.CodeLists;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Care;

/// <summary>A referral to children's social care (CIN census).</summary>
/// <param name="ReferralDate">The day the referral was received.</param>
/// <param name="Source">Who referred, as a CIN census <c>ReferralSource</c> code.</param>
/// <param name="ContactId">The MASH contact it came from, if any.</param>
public sealed record Referral(DateOnly ReferralDate, string Source, string? ContactId) : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.Referral;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => ReferralDate;

    /// <inheritdoc />
    public override void Check(Violations violations) => CheckCode(violations, "source", Source, StatutoryCodes.ReferralSource);
}

/// <summary>A single assessment, due 45 working days after the referral that started it.</summary>
/// <param name="StartDate">The day the assessment started.</param>
/// <param name="AuthorisedDate">The day a manager authorised the completed assessment; null while it goes on.</param>
/// <param name="Factors">The CIN census factors identified at the end of the assessment.</param>
public sealed record Assessment(DateOnly StartDate, DateOnly? AuthorisedDate, IReadOnlyList<string> Factors) : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.Assessment;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => StartDate;

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        CheckNotBefore(violations, "authorised_date", AuthorisedDate, StartDate, "start");
        for (var i = 0; i < Factors.Count; i++)
        {
            CheckCode(violations, $"factors[{i}]", Factors[i], StatutoryCodes.AssessmentFactor);
        }

        if (Factors.Count > 0 && AuthorisedDate is null)
        {
            violations.Add("factors", "are identified at the end of the assessment: give the authorised date with them.");
        }
    }
}

/// <summary>What a Section 47 enquiry concluded.</summary>
public enum Section47Outcome
{
    /// <summary>Still going on.</summary>
    None = 0,

    /// <summary>Concerns substantiated: an initial child protection conference is to be held.</summary>
    ConferenceToBeHeld = 1,

    /// <summary>Concerns substantiated, but the child is not judged at continuing risk of significant harm.</summary>
    NoConference = 2,

    /// <summary>Concerns not substantiated.</summary>
    NotSubstantiated = 3,
}

/// <summary>A strategy discussion and the Section 47 enquiry (Children Act 1989) it started.</summary>
/// <param name="StrategyDiscussionDate">The day of the strategy discussion.</param>
/// <param name="StrategyAgencies">
/// The organisations that took part in it, the borough's social care included; empty when not known (the CIN census
/// does not carry them).
/// </param>
/// <param name="StartDate">The day the enquiry started.</param>
/// <param name="EndDate">The day it concluded; null while it goes on.</param>
/// <param name="Outcome">What it concluded; none while it goes on.</param>
public sealed record Section47Enquiry(
    DateOnly StrategyDiscussionDate, IReadOnlyList<string> StrategyAgencies, DateOnly StartDate, DateOnly? EndDate, Section47Outcome Outcome) : CareRecord
{
    /// <summary>
    /// Inspectors criticised strategy discussions with only police and social care: one is multi-agency when at
    /// least three organisations are known to have taken part (not when they are not known).
    /// </summary>
    [JsonIgnore]
    public bool MultiAgencyStrategy => StrategyAgencies.Distinct(StringComparer.Ordinal).Count() >= 3;

    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.Section47Enquiry;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => StrategyDiscussionDate;

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        CheckNotBefore(violations, "start_date", StartDate, StrategyDiscussionDate, "strategy discussion");
        CheckNotBefore(violations, "end_date", EndDate, StartDate, "start");
        if (EndDate is null != (Outcome == Section47Outcome.None))
        {
            violations.Add("outcome", "is given exactly when the enquiry has an end date.");
        }
    }
}

/// <summary>An initial child protection conference.</summary>
/// <param name="ConferenceDate">The day it was held.</param>
/// <param name="Section47Id">The hub's record id of the Section 47 enquiry it followed.</param>
/// <param name="AttendingAgencies">The organisations that attended; empty when not known (the CIN census does not carry them).</param>
/// <param name="Quorate">Whether it was quorate (the local authority and at least two other agencies); null when not known.</param>
/// <param name="ChildHadAdvocate">Whether the child had an advocate; null when not known.</param>
/// <param name="ReportsToParentsDate">The day reports reached the parents, if they did.</param>
/// <param name="ResultedInPlan">Whether the conference made the child subject to a child protection plan.</param>
public sealed record Conference(
    DateOnly ConferenceDate,
    string Section47Id,
    IReadOnlyList<string> AttendingAgencies,
    bool? Quorate,
    bool? ChildHadAdvocate,
    DateOnly? ReportsToParentsDate,
    bool ResultedInPlan) : CareRecord
{
    /// <summary>
    /// The source id under which the borough's case system sent the Section 47 enquiry, when the conference named it
    /// so; the hub finds the enquiry's record id from it (<see cref="CareRecordRules.ResolveSourceIds"/>).
    /// </summary>
    public string? Section47SourceId { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.Conference;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => ConferenceDate;

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        if (ReportsToParentsDate > ConferenceDate)
        {
            violations.Add("reports_to_parents_date", $"is after the conference ({ConferenceDate:yyyy-MM-dd}); reports reach parents before it.");
        }
    }
}

/// <summary>The tier of a plan.</summary>
public enum PlanType
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>A child protection plan.</summary>
    ChildProtection = 1,

    /// <summary>A child in need plan, the lower tier.</summary>
    ChildInNeed = 2,
}

/// <summary>A child protection or child in need plan.</summary>
/// <param name="Type">Child protection or child in need.</param>
/// <param name="StartDate">The day it started.</param>
/// <param name="EndDate">The day it ended; null while in force.</param>
/// <param name="InitialCategory">For a child protection plan, the category of abuse at the start.</param>
/// <param name="LatestCategory">For a child protection plan, the latest category; null when not known.</param>
/// <param name="PreviousPlans">How many plans of this type the child had before: one or more makes it a repeat plan.</param>
/// <param name="ReviewDates">The days the plan was reviewed.</param>
public sealed record Plan(
    PlanType Type, DateOnly StartDate, DateOnly? EndDate, string? InitialCategory, string? LatestCategory, int PreviousPlans, IReadOnlyList<DateOnly> ReviewDates)
    : CareRecord
{
    /// <inheritdoc />
    [JsonIgnore]
    public override CareRecordKind Kind => CareRecordKind.Plan;

    /// <inheritdoc />
    [JsonIgnore]
    public override DateOnly Date => StartDate;

    /// <inheritdoc />
    [JsonIgnore]
    public override DatedPeriod Period => new(StartDate, EndDate);

    /// <inheritdoc />
    [JsonIgnore]
    public override string OverlapGroup => $"{Kind}:{Type}";

    /// <summary>A second or subsequent plan.</summary>
    [JsonIgnore]
    public bool IsRepeat => PreviousPlans > 0;

    /// <inheritdoc />
    public override void Check(Violations violations)
    {
        if (Type == PlanType.None)
        {
            violations.Add("type", "is required: CHILD_PROTECTION or CHILD_IN_NEED.");
        }

        DatedPeriods.CheckOrder(violations, "end_date", Period, sameDayAllowed: false);
        if (Type == PlanType.ChildProtection)
        {
            CheckCode(violations, "initial_category", InitialCategory ?? string.Empty, StatutoryCodes.PlanCategory);
            if (LatestCategory is not null)
            {
                CheckCode(violations, "latest_category", LatestCategory, StatutoryCodes.PlanCategory);
            }
        }
        else if (InitialCategory is not null || LatestCategory is not null)
        {
            violations.Add("initial_category", "is given only for a child protection plan.");
        }

        if (PreviousPlans is < 0 or > 50)
        {
            violations.Add("previous_plans", "must be between 0 and 50.");
        }

        for (var i = 0; i < ReviewDates.Count; i++)
        {
            if (ReviewDates[i] < StartDate || ReviewDates[i] > (EndDate ?? DateOnly.MaxValue))
            {
                violations.Add($"review_dates[{i}]", "is outside the plan's dates.");
            }
        }
    }
}
