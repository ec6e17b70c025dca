using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Contracts.Adoption.V1;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Fostering.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Contracts.PrivateFostering.V1;

namespace PartnershipHub.Cli;

/// <summary>
/// Lists as a person reads them: one row per item, the columns that tell items apart, "(none)" for an empty list.
/// Everything else, and every answer with <c>--json</c>, is printed as the API's JSON.
/// </summary>
public static class AnswerTables
{
    /// <summary>The table for a list answer, or null when the answer is not a list.</summary>
    public static string? For(IMessage answer) => answer switch
    {
        ListHouseholdsResponse r => Households(r.Households),
        SearchVacanciesResponse r => TextTable.Write(
            ["HOUSEHOLD", "BOROUGH", "REFERENCE", "DISTRICT", "MATCH", "VACANCIES", "AGES"],
            r.Matches.Select(m => Row(m.Household.HouseholdId, m.Household.ApprovingBorough, m.Household.HouseholdReference, m.Household.PostcodeDistrict,
                Words(m.Location), $"{m.Household.Vacancies}", $"{m.Household.Capacity.MinAge}-{m.Household.Capacity.MaxAge}")))
            + $"{Environment.NewLine}Boroughs searched: {string.Join(", ", r.BoroughsSearched)}",
        ListWaitingAdoptersResponse r => TextTable.Write(
            ["ADOPTER", "BOROUGH", "REFERENCE", "APPROVED", "CHILDREN", "AGES"],
            r.Adopters.Select(w => Row(w.AdopterId, w.ApprovingBorough, w.Reference, w.ApprovedDate, $"{w.Preferences.Children}",
                $"{w.Preferences.MinAgeYears}-{w.Preferences.MaxAgeYears}"))) + More(r.NextPageToken),
        ListNotificationsResponse r => TextTable.Write(
            ["ARRANGEMENT", "CHILD", "NOTIFIED", "STARTED", "SOURCE", "DISTRICT", "STATUS", "VISITS", "NEXT VISIT DUE"],
            r.Arrangements.Select(p => Row(p.ArrangementId, p.ChildId, p.NotificationDate, p.ArrangementStartDate, Words(p.Source), p.PostcodeDistrict,
                Words(p.Status), $"{p.Visits.Count}", p.NextVisitDueDate + (p.InitialVisitLate && p.Visits.Count == 0 ? " (initial visit late)" : string.Empty))))
            + More(r.NextPageToken),
        ListAgencyRequestsResponse r => TextTable.Write(
            ["REQUEST", "CHILD", "BOROUGH", "DUE", "OVERDUE", "QUESTION"],
            r.Requests.Select(q => Row(q.RequestId, q.ChildId, q.Borough, Time(q.DueAt), q.Overdue ? "yes" : string.Empty, q.Question))),
        ListOpenEnquiriesResponse r => TextTable.Write(
            ["CHILD", "CONTACT", "RECEIVED", "RATING", "SENT", "OUTSTANDING", "OVERDUE", "LATE AGENCIES"],
            r.Enquiries.Select(e => Row(e.ChildId, e.ContactId, Time(e.ReceivedAt), Words(e.Rating), $"{e.RequestsSent}", $"{e.RequestsOutstanding}",
                $"{e.RequestsOverdue}", string.Join(" ", e.OverdueAgencies)))),
        ListChildAccessResponse r => TextTable.Write(
            ["WHEN", "ACTION", "ORGANISATION", "ROLE", "USER", "PURPOSE", "CASE REF", "OUTCOME"],
            r.Records.Select(x => Row(Time(x.At), x.Action, x.Organisation, x.Role, x.UserId, x.Purpose, x.CaseReference, x.Outcome))),
        ListAgreementsResponse r => TextTable.Write(
            ["AGREEMENT", "SERVICE", "FROM", "TO", "MEMBERS"],
            r.Agreements.Select(x => Row(x.Id, Words(x.Service), x.From, x.To, string.Join(" ", x.Members)))),
        ListMeasuresResponse r => TextTable.Write(
            ["MEASURE", "KIND", "PERIODS", "BREAKDOWNS", "RATE", "TITLE"],
            r.Measures.Select(m => Row(m.Name, Words(m.Kind), Words(m.Periods), string.Join(" ", m.Breakdowns), m.HasRate ? "yes" : string.Empty, m.Title))),
        ListComparatorsResponse r => TextTable.Write(
            ["MEASURE", "PERIOD", "AREA", "FIGURE", "VALUE", "SOURCE", "PUBLICATION"],
            r.Comparators.Select(c => Row(c.Measure, c.Period, Words(c.Area), Words(c.Figure), c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Source, c.Publication))),
        _ => null,
    };

    /// <summary>Foster households, one a row.</summary>
    public static string Households(IEnumerable<Household> households) => TextTable.Write(
        ["HOUSEHOLD", "BOROUGH", "REFERENCE", "KIND", "DISTRICT", "STATUS", "PLACES", "VACANCIES", "AGES", "REVIEW DUE"],
        households.Select(h => Row(h.HouseholdId, h.ApprovingBorough, h.HouseholdReference, Words(h.Kind), h.PostcodeDistrict, Words(h.Status),
            $"{h.Capacity.Places}", $"{h.Vacancies}", $"{h.Capacity.MinAge}-{h.Capacity.MaxAge}", h.ReviewDue + (h.ReviewOverdue ? " (overdue)" : string.Empty))));

    /// <summary>A line saying how to get the next page, when there is one.</summary>
    public static string More(string nextPageToken) =>
        nextPageToken.Length == 0 ? string.Empty : $"{Environment.NewLine}More: --page-token {nextPageToken}";

    /// <summary>An enumeration value in the words an option takes: <c>SameDistrict</c> is <c>same-district</c>.</summary>
    public static string Words<T>(T value)
        where T : struct, System.Enum => Arguments.Kebab(value.ToString());

    private static string Time(Timestamp? at) => at is null ? string.Empty : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Row(params string[] cells) => cells;
}
