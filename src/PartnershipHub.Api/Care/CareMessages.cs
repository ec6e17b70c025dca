using PartnershipHub.Abstractions.Care;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Api.Mash;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Care.V1;

namespace PartnershipHub.Api.Care;

/// <summary>
/// Translates care records between the API's messages and the domain: reads each field (dates, lists, enums) with
/// a violation for anything malformed, and writes records, versions and summaries back.
/// </summary>
public static class CareMessages
{
    private const int MaxText = 200;

    /// <summary>
    /// Reads a record's content; violations are named under <paramref name="violations"/>' prefix (e.g.
    /// <c>record.care_episode.</c>). Returns null when a field could not be read at all.
    /// </summary>
    public static CareRecord? ToDomain(V1.CareRecordBody body, DateOnly today, Violations violations)
    {
        var day = (string field, string value, bool required) => IsoDates.Day(violations, field, value, today, required);
        var optional = (string value) => value.Trim() is { Length: > 0 } text ? text : null;
        CareRecord? record = body.KindCase switch
        {
            V1.CareRecordBody.KindOneofCase.Referral => Build(day("referral_date", body.Referral.ReferralDate, true), d =>
                new Referral(d, body.Referral.Source.Trim(), optional(body.Referral.ContactId))),
            V1.CareRecordBody.KindOneofCase.Assessment => Build(day("start_date", body.Assessment.StartDate, true), d =>
                new Assessment(d, day("authorised_date", body.Assessment.AuthorisedDate, false), [.. body.Assessment.Factors.Select(f => f.Trim())])),
            V1.CareRecordBody.KindOneofCase.Section47 => ToDomain(body.Section47, day, violations),
            V1.CareRecordBody.KindOneofCase.Conference => ToDomain(body.Conference, day, violations),
            V1.CareRecordBody.KindOneofCase.Plan => ToDomain(body.Plan, day, violations),
            V1.CareRecordBody.KindOneofCase.CareEpisode => ToDomain(body.CareEpisode, day, required: true),
            V1.CareRecordBody.KindOneofCase.CareReview => Build(day("review_date", body.CareReview.ReviewDate, true), d =>
                new CareReview(d, body.CareReview.Participation.Trim())),
            V1.CareRecordBody.KindOneofCase.MissingEpisode => ToDomain(body.MissingEpisode, day, violations),
            V1.CareRecordBody.KindOneofCase.CseRisk => Build(day("assessed_date", body.CseRisk.AssessedDate, true), d =>
                new CseRisk(d, body.CseRisk.Category.Trim())),
            V1.CareRecordBody.KindOneofCase.AdoptionMilestone => Build(day("milestone_date", body.AdoptionMilestone.MilestoneDate, true), d =>
                new AdoptionMilestone((AdoptionStep)body.AdoptionMilestone.Step, d, optional(body.AdoptionMilestone.AdopterId))),
            V1.CareRecordBody.KindOneofCase.CareLeaverStatus => Build(day("status_date", body.CareLeaverStatus.StatusDate, true), d =>
                new CareLeaverStatus(d, body.CareLeaverStatus.InTouch.Trim(), optional(body.CareLeaverStatus.Activity),
                    optional(body.CareLeaverStatus.Accommodation),
                    body.CareLeaverStatus.HasAccommodationSuitable ? body.CareLeaverStatus.AccommodationSuitable : null,
                    optional(FieldChecks.OptionalLabel(violations, "personal_adviser", body.CareLeaverStatus.PersonalAdviser, MaxText)),
                    day("pathway_plan_review_date", body.CareLeaverStatus.PathwayPlanReviewDate, false))),
            _ => null,
        };

        if (body.KindCase == V1.CareRecordBody.KindOneofCase.AdoptionMilestone && !System.Enum.IsDefined(body.AdoptionMilestone.Step))
        {
            violations.Add("step", "is not a known adoption step.");
        }

        if (body.KindCase == V1.CareRecordBody.KindOneofCase.None)
        {
            violations.Add("kind", "is required: one of referral, assessment, section_47, conference, plan, care_episode, care_review, missing_episode, cse_risk, adoption_milestone or care_leaver_status.");
        }
        else if (record is not null && violations.IsEmpty)
        {
            record.Check(violations);
        }

        return violations.IsEmpty ? record : null;
    }

    /// <summary>The oneof field's name of a record body, for violation prefixes.</summary>
    public static string FieldName(V1.CareRecordBody body) => body.KindCase switch
    {
        V1.CareRecordBody.KindOneofCase.Section47 => "section_47",
        var kind => string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
    };

    /// <summary>Reads an episode of care; with <paramref name="required"/> false, an empty legal status is allowed (a move keeps the current one).</summary>
    public static CareEpisode? ToDomain(V1.CareEpisode episode, Func<string, string, bool, DateOnly?> day, bool required) =>
        Build(day("start_date", episode.StartDate, true), start => new CareEpisode(
            start, episode.ReasonForNewEpisode.Trim(), episode.LegalStatus.Trim(), episode.PlacementType.Trim(), Unknown(episode.Provider),
            Unknown(episode.PostcodeDistrict)?.ToUpperInvariant(), day("end_date", episode.EndDate, false),
            episode.ReasonCeased.Trim() is { Length: > 0 } ceased ? ceased : null));

    private static Section47Enquiry? ToDomain(V1.Section47Enquiry enquiry, Func<string, string, bool, DateOnly?> day, Violations violations)
    {
        var strategy = day("strategy_discussion_date", enquiry.StrategyDiscussionDate, true);
        var start = day("start_date", enquiry.StartDate, true);
        var agencies = FieldChecks.OrganisationCodes(violations, "strategy_agencies", enquiry.StrategyAgencies);
        if (!System.Enum.IsDefined(enquiry.Outcome))
        {
            violations.Add("outcome", "is not a known outcome.");
        }

        return strategy is null || start is null
            ? null
            : new Section47Enquiry(strategy.Value, agencies, start.Value, day("end_date", enquiry.EndDate, false), (Section47Outcome)enquiry.Outcome);
    }

    private static Conference? ToDomain(V1.Conference conference, Func<string, string, bool, DateOnly?> day, Violations violations)
    {
        var sourceId = conference.Section47SourceId.Trim();
        if (sourceId.Length == 0)
        {
            FieldChecks.HubId(violations, "section_47_id", conference.Section47Id);
        }
        else if (conference.Section47Id.Length > 0)
        {
            violations.Add("section_47_source_id", "must be empty when section_47_id is given: name the enquiry one way.");
        }
        else
        {
            FieldChecks.RequiredText(violations, "section_47_source_id", sourceId, 64);
        }

        var agencies = FieldChecks.OrganisationCodes(violations, "attending_agencies", conference.AttendingAgencies);
        return Build(day("conference_date", conference.ConferenceDate, true), d => new Conference(
            d, conference.Section47Id, agencies, conference.HasQuorate ? conference.Quorate : null,
            conference.HasChildHadAdvocate ? conference.ChildHadAdvocate : null,
            day("reports_to_parents_date", conference.ReportsToParentsDate, false), conference.ResultedInPlan)
        { Section47SourceId = sourceId.Length > 0 ? sourceId : null });
    }

    private static Plan? ToDomain(V1.Plan plan, Func<string, string, bool, DateOnly?> day, Violations violations)
    {
        if (!System.Enum.IsDefined(plan.Type))
        {
            violations.Add("type", "is not a known plan type.");
        }

        var reviews = plan.ReviewDates.Select((r, i) => day($"review_dates[{i}]", r, true)).ToList();
        var category = (string value) => value.Trim() is { Length: > 0 } code ? code : null;
        return Build(day("start_date", plan.StartDate, true), start => new Plan(
            (PlanType)plan.Type, start, day("end_date", plan.EndDate, false), category(plan.InitialCategory), category(plan.LatestCategory),
            plan.PreviousPlans, [.. reviews.OfType<DateOnly>()]));
    }

    private static MissingEpisode? ToDomain(V1.MissingEpisode missing, Func<string, string, bool, DateOnly?> day, Violations violations)
    {
        ReturnInterview? interview = null;
        if (missing.Interview is { } rhi)
        {
            var offered = day("interview.offered_date", rhi.OfferedDate, true);
            var lists = (string field, IReadOnlyList<string> values) => FieldChecks.LabelList(violations, $"interview.{field}", values, RequestLimits.InterviewItems, MaxText);
            var conductedBy = FieldChecks.OptionalLabel(violations, "interview.conducted_by", rhi.ConductedBy, MaxText);
            interview = offered is null ? null : new ReturnInterview(
                offered.Value, rhi.Accepted, conductedBy.Length > 0 ? conductedBy : null,
                lists("push_factors", rhi.PushFactors), lists("pull_factors", rhi.PullFactors), lists("places", rhi.Places), lists("associates", rhi.Associates));
        }

        return Build(day("start_date", missing.StartDate, true), start =>
            new MissingEpisode(start, day("end_date", missing.EndDate, false), missing.MissingType.Trim(), interview));
    }

    private static T? Build<T>(DateOnly? date, Func<DateOnly, T> build)
        where T : CareRecord =>
        date is { } d ? build(d) : null;

    /// <summary>A record as it stands, without its history unless <paramref name="withHistory"/>.</summary>
    public static V1.CareRecordEntry ToMessage(CareRecordEntry entry, bool withHistory = false)
    {
        var message = new V1.CareRecordEntry
        {
            RecordId = entry.RecordId,
            Kind = (V1.CareRecordKind)entry.Kind,
            Version = entry.Version,
            Record = entry.Current is { } current ? ToMessage(current) : null,
            Withdrawn = entry.Current is null,
            CreatedBy = CommonMessages.ToMessage(entry.Revisions[0].By),
            LastChangedBy = CommonMessages.ToMessage(entry.Latest.By),
        };
        if (withHistory)
        {
            message.Revisions.AddRange(entry.Revisions.Select(r => new V1.CareRevision
            {
                Version = r.Version,
                Change = r.Change switch
                {
                    CareChange.Created => V1.CareChange.Created,
                    CareChange.Corrected => V1.CareChange.Corrected,
                    _ => V1.CareChange.Withdrawn,
                },
                Reason = r.Reason,
                Record = r.Record is null ? null : ToMessage(r.Record),
                By = CommonMessages.ToMessage(r.By),
            }));
        }

        return message;
    }

    /// <summary>A summary worked out on the day.</summary>
    public static V1.CareSummary ToMessage(CareSummary summary)
    {
        var message = new V1.CareSummary
        {
            PlanRecordId = summary.ChildProtectionPlan?.Id ?? string.Empty,
            PlanLatestCategory = summary.ChildProtectionPlan?.LatestCategory ?? string.Empty,
            RepeatPlan = summary.ChildProtectionPlan?.Repeat ?? false,
            PlanReviewDueDate = IsoDates.Write(summary.ChildProtectionPlan?.NextReviewDue),
            LookedAfter = summary.LookedAfter is not null,
            EpisodeRecordId = summary.LookedAfter?.EpisodeId ?? string.Empty,
            PeriodOfCareStartDate = IsoDates.Write(summary.LookedAfter?.PeriodStart),
            LegalStatus = summary.LookedAfter?.LegalStatus ?? string.Empty,
            PlacementType = summary.LookedAfter?.PlacementType ?? string.Empty,
            Placements = summary.LookedAfter?.Placements ?? 0,
            CareReviewDueDate = IsoDates.Write(summary.LookedAfter?.NextReviewDue),
            MissingEpisodes = summary.MissingEpisodes,
            CurrentlyMissing = summary.CurrentlyMissing,
            InterviewsOfferedInTime = summary.InterviewsOfferedInTime,
            CseCategory = summary.CseCategory ?? string.Empty,
            DaysFromCareToAdoptiveFamily = summary.DaysFromCareToAdoptiveFamily ?? -1,
            CareLeaver = summary.CareLeaver is null ? null : ToMessage(summary.CareLeaver).CareLeaverStatus,
        };
        message.ReReferrals.AddRange(summary.ReReferrals);
        message.Assessments.AddRange(summary.Assessments.Select(a => new V1.AssessmentTimeliness
        {
            RecordId = a.Id,
            DueDate = IsoDates.Write(a.Due),
            Timeliness = Timeliness(a.OnTime),
        }));
        message.Section47Enquiries.AddRange(summary.Section47Enquiries.Select(e => new V1.EnquiryTimeliness
        {
            RecordId = e.Id,
            ConferenceDueDate = IsoDates.Write(e.ConferenceDue),
            ConferenceDate = IsoDates.Write(e.ConferenceDate),
            Timeliness = Timeliness(e.ConferenceOnTime),
            MultiAgencyStrategy = e.MultiAgencyStrategy,
        }));
        return message;
    }

    /// <summary>A record's content as a message.</summary>
    public static V1.CareRecordBody ToMessage(CareRecord record) => record switch
    {
        Referral r => new() { Referral = new() { ReferralDate = IsoDates.Write(r.ReferralDate), Source = r.Source, ContactId = r.ContactId ?? string.Empty } },
        Assessment a => new() { Assessment = new() { StartDate = IsoDates.Write(a.StartDate), AuthorisedDate = IsoDates.Write(a.AuthorisedDate), Factors = { a.Factors } } },
        Section47Enquiry s => new()
        {
            Section47 = new()
            {
                StrategyDiscussionDate = IsoDates.Write(s.StrategyDiscussionDate),
                StrategyAgencies = { s.StrategyAgencies },
                StartDate = IsoDates.Write(s.StartDate),
                EndDate = IsoDates.Write(s.EndDate),
                Outcome = (V1.Section47Outcome)s.Outcome,
            },
        },
        Conference c => new()
        {
            Conference = WithKnown(new()
            {
                ConferenceDate = IsoDates.Write(c.ConferenceDate),
                Section47Id = c.Section47Id,
                Section47SourceId = c.Section47SourceId ?? string.Empty,
                AttendingAgencies = { c.AttendingAgencies },
                ReportsToParentsDate = IsoDates.Write(c.ReportsToParentsDate),
                ResultedInPlan = c.ResultedInPlan,
            }, c.Quorate, c.ChildHadAdvocate),
        },
        Plan p => new()
        {
            Plan = new()
            {
                Type = (V1.PlanType)p.Type,
                StartDate = IsoDates.Write(p.StartDate),
                EndDate = IsoDates.Write(p.EndDate),
                InitialCategory = p.InitialCategory ?? string.Empty,
                LatestCategory = p.LatestCategory ?? string.Empty,
                PreviousPlans = p.PreviousPlans,
                ReviewDates = { p.ReviewDates.Select(d => IsoDates.Write(d)) },
            },
        },
        CareEpisode e => new()
        {
            CareEpisode = new()
            {
                StartDate = IsoDates.Write(e.StartDate),
                ReasonForNewEpisode = e.ReasonForNewEpisode,
                LegalStatus = e.LegalStatus,
                PlacementType = e.PlacementType,
                Provider = e.Provider ?? string.Empty,
                PostcodeDistrict = e.PostcodeDistrict ?? string.Empty,
                EndDate = IsoDates.Write(e.EndDate),
                ReasonCeased = e.ReasonCeased ?? string.Empty,
            },
        },
        CareReview r => new() { CareReview = new() { ReviewDate = IsoDates.Write(r.ReviewDate), Participation = r.Participation } },
        MissingEpisode m => new()
        {
            MissingEpisode = new()
            {
                StartDate = IsoDates.Write(m.StartDate),
                EndDate = IsoDates.Write(m.EndDate),
                MissingType = m.MissingType,
                Interview = m.Interview is not { } i ? null : new()
                {
                    OfferedDate = IsoDates.Write(i.OfferedDate),
                    Accepted = i.Accepted,
                    ConductedBy = i.ConductedBy ?? string.Empty,
                    PushFactors = { i.PushFactors },
                    PullFactors = { i.PullFactors },
                    Places = { i.Places },
                    Associates = { i.Associates },
                },
            },
        },
        CseRisk c => new() { CseRisk = new() { AssessedDate = IsoDates.Write(c.AssessedDate), Category = c.Category } },
        AdoptionMilestone a => new()
        {
            AdoptionMilestone = new() { Step = (V1.AdoptionStep)a.Step, MilestoneDate = IsoDates.Write(a.MilestoneDate), AdopterId = a.AdopterId ?? string.Empty },
        },
        CareLeaverStatus s => new()
        {
            CareLeaverStatus = WithSuitability(new()
            {
                StatusDate = IsoDates.Write(s.StatusDate),
                InTouch = s.InTouch,
                Activity = s.Activity ?? string.Empty,
                Accommodation = s.Accommodation ?? string.Empty,
                PersonalAdviser = s.PersonalAdviser ?? string.Empty,
                PathwayPlanReviewDate = IsoDates.Write(s.PathwayPlanReviewDate),
            }, s.AccommodationSuitable),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(record), record.Kind, "no message for this kind of record"),
    };

    private static V1.CareLeaverStatus WithSuitability(V1.CareLeaverStatus status, bool? suitable)
    {
        if (suitable is { } value)
        {
            status.AccommodationSuitable = value;
        }

        return status;
    }

    private static V1.Conference WithKnown(V1.Conference conference, bool? quorate, bool? advocate)
    {
        if (quorate is { } isQuorate)
        {
            conference.Quorate = isQuorate;
        }

        if (advocate is { } hadAdvocate)
        {
            conference.ChildHadAdvocate = hadAdvocate;
        }

        return conference;
    }

    /// <summary>A text field that is empty when not known: null then, trimmed otherwise.</summary>
    private static string? Unknown(string value) => value.Trim() is { Length: > 0 } text ? text : null;

    private static string Timeliness(bool? onTime) => onTime switch
    {
        true => "ON_TIME",
        false => "LATE",
        null => string.Empty,
    };
}
