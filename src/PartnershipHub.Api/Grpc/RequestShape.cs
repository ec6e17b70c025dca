using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Domain.Validation;
using Enum = System.Enum;

namespace PartnershipHub.Api.Grpc;

/// <summary>
/// What any request may hold, checked on the whole message before a service reads it (so before the caller's access
/// is decided and before any grain is called), in one pass over the message: every repeated field within its limit
/// of <see cref="RequestLimits"/> (a repeated field with no limit here is refused), every enum field a value the
/// contract defines, every timestamp between the years 1 and 9999. Work and error size are bounded: a list over its
/// limit is refused without looking at its items, and <see cref="Violations"/> keeps only the first violations.
/// </summary>
public static class RequestShape
{
    /// <summary>The limit of each repeated field of a request message, by the field's full protobuf name.</summary>
    public static IReadOnlyDictionary<string, int> RepeatedLimits { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["partnershiphub.board.v1.ListItemsRequest.kinds"] = RequestLimits.Choices,
        ["partnershiphub.board.v1.ListOverdueItemsRequest.kinds"] = RequestLimits.Choices,
        ["partnershiphub.board.v1.ScheduleMeetingRequest.expected_members"] = RequestLimits.Organisations,
        ["partnershiphub.board.v1.RecordAttendanceRequest.attendance"] = RequestLimits.Organisations,
        ["partnershiphub.fostering.v1.Capacity.needs"] = RequestLimits.CarerNeeds,
        ["partnershiphub.fostering.v1.SearchVacanciesRequest.sibling_child_ids"] = RequestLimits.Siblings,
        ["partnershiphub.fostering.v1.SearchVacanciesRequest.needs"] = RequestLimits.CarerNeeds,
        ["partnershiphub.children.v1.ChildIdentifiers.borough_case_ids"] = RequestLimits.CaseIdsPerChild,
        ["partnershiphub.partnerships.v1.Agreement.members"] = RequestLimits.AgreementMembers,
        ["partnershiphub.datasets.v1.GetDatasetRequest.measures"] = RequestLimits.DatasetMeasures,
        ["partnershiphub.datasets.v1.GetDatasetRequest.financial_years"] = RequestLimits.DatasetPeriods,
        ["partnershiphub.datasets.v1.GetDatasetRequest.as_at_dates"] = RequestLimits.DatasetPeriods,
        ["partnershiphub.datasets.v1.GetDatasetRequest.boroughs"] = RequestLimits.Boroughs,
        ["partnershiphub.datasets.v1.GetDatasetRequest.breakdowns"] = RequestLimits.DatasetBreakdowns,
        ["partnershiphub.datasets.v1.LoadPopulationEstimatesRequest.estimates"] = RequestLimits.PopulationEstimates,
        ["partnershiphub.datasets.v1.LoadComparatorsRequest.comparators"] = RequestLimits.Comparators,
        ["partnershiphub.datasets.v1.ListComparatorsRequest.measures"] = RequestLimits.DatasetMeasures,
        ["partnershiphub.datasets.v1.GetChildExtractRequest.boroughs"] = RequestLimits.Boroughs,
        ["partnershiphub.datasets.v1.GetChildExtractRequest.cohorts"] = RequestLimits.Choices,
        ["partnershiphub.care.v1.Assessment.factors"] = RequestLimits.AssessmentFactors,
        ["partnershiphub.care.v1.Section47Enquiry.strategy_agencies"] = RequestLimits.Organisations,
        ["partnershiphub.care.v1.Conference.attending_agencies"] = RequestLimits.Organisations,
        ["partnershiphub.care.v1.Plan.review_dates"] = RequestLimits.ReviewDates,
        ["partnershiphub.care.v1.ReturnInterview.push_factors"] = RequestLimits.InterviewItems,
        ["partnershiphub.care.v1.ReturnInterview.pull_factors"] = RequestLimits.InterviewItems,
        ["partnershiphub.care.v1.ReturnInterview.places"] = RequestLimits.InterviewItems,
        ["partnershiphub.care.v1.ReturnInterview.associates"] = RequestLimits.InterviewItems,
        ["partnershiphub.sync.v1.PushRequest.records"] = RequestLimits.SyncBatch,
        ["partnershiphub.mash.v1.SendInformationRequestsRequest.agencies"] = RequestLimits.InformationRequestAgencies,
        ["partnershiphub.mash.v1.AnswerInformationRequestRequest.fields"] = RequestLimits.AnswerFields,
    };

    /// <summary>The latest instant a timestamp may name: 9999-12-31T23:59:59Z, the end of .NET's calendar.</summary>
    private static readonly long MaxSeconds = Timestamp.FromDateTime(DateTime.MaxValue.ToUniversalTime()).Seconds;

    /// <summary>The earliest: 0001-01-01T00:00:00Z.</summary>
    private static readonly long MinSeconds = Timestamp.FromDateTime(DateTime.MinValue.ToUniversalTime()).Seconds;

    /// <summary>Everything wrong with the shape of <paramref name="request"/> (none when it may be read).</summary>
    public static Violations Check(IMessage request)
    {
        var violations = new Violations();
        Walk(request, string.Empty, violations);
        return violations;
    }

    private static void Walk(IMessage message, string path, Violations violations)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType is not (FieldType.Message or FieldType.Enum) && !field.IsRepeated)
            {
                continue;
            }

            var name = path + field.Name;
            var value = field.Accessor.GetValue(message);
            if (!field.IsRepeated)
            {
                CheckValue(field, value, name, violations);
                continue;
            }

            var items = (IList)value;
            if (items.Count == 0)
            {
                continue;
            }

            if (!RepeatedLimits.TryGetValue(field.FullName, out var limit))
            {
                violations.Add(name, "is not accepted: the hub sets no limit for this list.");
            }
            else if (items.Count > limit)
            {
                violations.Add(name, $"must have at most {limit} items.");
            }
            else if (field.FieldType is FieldType.Message or FieldType.Enum)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    CheckValue(field, items[i], $"{name}[{i}]", violations);
                }
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, object? value, string name, Violations violations)
    {
        switch (value)
        {
            case Timestamp timestamp:
                if (timestamp.Seconds < MinSeconds || timestamp.Seconds > MaxSeconds || timestamp.Nanos is < 0 or > 999_999_999)
                {
                    violations.Add(name, "must be a time from the year 1 to the year 9999.");
                }

                break;
            case IMessage nested:
                Walk(nested, name + ".", violations);
                break;
            case Enum when field.FieldType == FieldType.Enum:
                if (field.EnumType.FindValueByNumber(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)) is null)
                {
                    violations.Add(name, "is not a value the API defines.");
                }

                break;
        }
    }
}
