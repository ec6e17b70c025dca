using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>
/// The MASH measures (information requests answered on time, median hours to a decision by rating) from enquiries run
/// through the MASH service, as the dataset call gives them, against the test's own figures.
/// </summary>
public sealed class MashMeasuresTests(MashMeasuresTests.Fixture fixture) : IClassFixture<MashMeasuresTests.Fixture>
{
    private const string Borough = ChildRequests.Westminster;
    private const string Police = "met-police";
    private const string Health = "nhs-cnwl";

    private HubProcess Hub => fixture.Hub;

    /// <summary>A hub of its own, where green information requests are due the moment they are sent, so every green answer is late.</summary>
    public sealed class Fixture : DatasetHubFixture
    {
        /// <inheritdoc />
        protected override void Configure(HubProcess hub) => hub.Settings["Mash__ResponseTimes__GreenHours"] = "0";
    }

    [Fact]
    public async Task Requests_answered_on_time_and_hours_to_decision_by_rating_are_the_tests_own_figures()
    {
        using var channel = Hub.Channel();
        var mash = new MashService.MashServiceClient(channel);
        var datasets = new DatasetService.DatasetServiceClient(channel);
        var analyst = Hub.As("lscp", "partnership-analyst");

        // What the test expects on its own hub: per financial year of each request's due date, requests counted
        // (answered, or open when the enquiry was decided) and those answered by their due time; per rating, the
        // whole hours from contact to decision.
        var due = new Dictionary<int, (int Due, int OnTime)>();
        var hours = new List<(string Rating, int Hours)>();
        var now = DateTimeOffset.UtcNow;

        // Green, both agencies answer: late, since green requests are due at once on this hub; decided after 5 hours.
        await Enquiry(mash, BragRating.Green, receivedHoursAgo: 5, answered: [Police, Health], decide: true, due, hours, now);

        // Blue, police answers (on time: 5 working days), health has not answered when the MASH decides after 30 hours.
        await Enquiry(mash, BragRating.Blue, receivedHoursAgo: 30, answered: [Police], decide: true, due, hours, now);

        // Blue, decided after 50 hours with both answers in.
        await Enquiry(mash, BragRating.Blue, receivedHoursAgo: 50, answered: [Police, Health], decide: true, due, hours, now);

        // Blue, decided after 7 hours with both answers in.
        await Enquiry(mash, BragRating.Blue, receivedHoursAgo: 7, answered: [Police, Health], decide: true, due, hours, now);

        // Blue, still open: the answer counts, the open request and the decision do not (yet).
        await Enquiry(mash, BragRating.Blue, receivedHoursAgo: 2, answered: [Police], decide: false, due, hours, now);

        var after = await Figures(datasets, analyst);
        // A green request sent in the last days of March is due in the next financial year, which cannot be asked for yet.
        foreach (var (year, (expectedDue, expectedOnTime)) in due.Where(d => d.Key <= ReportingYear(now)))
        {
            var cell = Cell(after, "mash-requests-on-time", Period(year), "");
            Assert.Equal((expectedDue, expectedOnTime), ((int)cell.Denominator, (int)cell.Numerator));
        }

        // The hub is this test's own, so the medians are of these decisions alone.
        var decidedIn = Period(ReportingYear(now));
        var all = Cell(after, "mash-median-hours-to-decision", decidedIn, "");
        Assert.Equal(LowerMedian(hours.Select(h => h.Hours)), all.Value);
        Assert.Equal(hours.Count, all.Count);
        foreach (var rating in hours.GroupBy(h => h.Rating))
        {
            var cell = Cell(after, "mash-median-hours-to-decision", decidedIn, $"rating={rating.Key}");
            Assert.Equal(LowerMedian(rating.Select(h => h.Hours)), cell.Value);
            Assert.Equal(rating.Count(), cell.Count);
        }
    }

    private async Task Enquiry(
        MashService.MashServiceClient mash, BragRating rating, int receivedHoursAgo, string[] answered, bool decide,
        Dictionary<int, (int Due, int OnTime)> due, List<(string Rating, int Hours)> hours, DateTimeOffset now)
    {
        var practitioner = Hub.As(Borough, "mash-practitioner", "wcc-measures");
        var contact = MashRequests.Contact(Borough);
        // Twenty minutes more than the whole hours: the measure counts whole hours, rounding down.
        var receivedAt = now.AddHours(-receivedHoursAgo).AddMinutes(-20);
        contact.ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt);
        var recorded = (await mash.RecordContactAsync(contact, practitioner)).Contact;
        var (childId, contactId) = (recorded.ChildId, recorded.ContactId);
        await mash.RateContactAsync(new RateContactRequest { ChildId = childId, ContactId = contactId, Rating = rating, Rationale = "For the measures test" }, practitioner);
        var requests = (await mash.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = childId,
            ContactId = contactId,
            Agencies = { Police, Health },
            Question = "What do you know about this child?",
        }, practitioner)).Contact.Requests;

        foreach (var request in requests)
        {
            var year = ReportingYear(request.DueAt.ToDateTimeOffset());
            var counts = due.GetValueOrDefault(year);
            if (answered.Contains(request.Agency))
            {
                // Answered within seconds: late when green (due the moment it was sent), on time when blue (5 working days).
                await mash.AnswerInformationRequestAsync(MashRequests.Answer(childId, request.RequestId, "Known to us"), Hub.As(request.Agency, "agency-responder"));
                due[year] = (counts.Due + 1, counts.OnTime + (rating == BragRating.Green ? 0 : 1));
            }
            else if (decide)
            {
                due[year] = (counts.Due + 1, counts.OnTime);
            }
        }

        if (decide)
        {
            await mash.RecordDecisionAsync(MashRequests.Decision(childId, contactId, now), Hub.As(Borough, "mash-manager", "wcc-measures"));
            hours.Add((rating.ToString().ToLowerInvariant(), (int)Math.Floor((now - receivedAt).TotalHours)));
        }
    }

    private static async Task<IReadOnlyList<DatasetCell>> Figures(DatasetService.DatasetServiceClient datasets, Metadata analyst) =>
        (await datasets.GetDatasetAsync(new GetDatasetRequest
        {
            Measures = { "mash-requests-on-time", "mash-median-hours-to-decision" },
            FinancialYears = { ReportingYear(DateTimeOffset.UtcNow) - 1, ReportingYear(DateTimeOffset.UtcNow) },
            Boroughs = { Borough },
            Breakdowns = { "rating" },
        }, analyst)).Cells;

    private static DatasetCell Cell(IReadOnlyList<DatasetCell> cells, string measure, string period, string breakdown) =>
        cells.Single(c => c.Measure == measure && c.Period == period && c.Borough == Borough && c.Breakdown == breakdown);

    /// <summary>A financial year's period name, e.g. <c>2026-27</c>.</summary>
    private static string Period(int year) => $"{year}-{(year + 1) % 100:00}";

    /// <summary>The financial year (by its first calendar year) of a moment, on the London calendar.</summary>
    private static int ReportingYear(DateTimeOffset moment)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        return day.Month >= 4 ? day.Year : day.Year - 1;
    }

    private static double LowerMedian(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }
}
