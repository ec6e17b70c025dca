using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Generator;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>One figure the test expects in a dataset.</summary>
public sealed record ExpectedCell(long? Count, long? Numerator, long? Denominator, double? Percentage, double? Rate, double? Value);

/// <summary>
/// The dataset figures worked out by the test itself, straight from the generated children: its own working days
/// and bank holidays, its own age bands, its own reading of each measure of domain.md section 3. Nothing here calls
/// the hub's code.
/// </summary>
public sealed class ExpectedFigures
{
    private static readonly HashSet<DateOnly> BankHolidays =
    [
        .. Days(2010, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"), .. Days(2011, "01-03 04-22 04-25 04-29 05-02 05-30 08-29 12-26 12-27"),
        .. Days(2012, "01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26"), .. Days(2013, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"),
        .. Days(2014, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"), .. Days(2015, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"),
        .. Days(2016, "01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27"), .. Days(2017, "01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26"),
        .. Days(2018, "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26"), .. Days(2019, "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26"),
        .. Days(2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28"), .. Days(2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"),
        .. Days(2022, "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27"), .. Days(2023, "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26"),
        .. Days(2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"), .. Days(2025, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"),
        .. Days(2026, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"),
    ];

    /// <summary>Counts per borough, period, name and breakdown.</summary>
    private readonly Dictionary<(string Borough, string Period, string Name, string Breakdown), long> tally = [];

    private readonly Func<string, int, int, long> population;

    /// <summary>Works out the figures of <paramref name="children"/> for the as-at dates <paramref name="yearEnds"/>.</summary>
    public ExpectedFigures(IEnumerable<GeneratedChild> children, IReadOnlyList<DateOnly> yearEnds, Func<string, int, int, long> population)
    {
        this.population = population;
        foreach (var child in children)
        {
            Count(child, yearEnds);
        }
    }

    /// <summary>The measures: name, kind (count, percentage, average), numerator or count, denominator, whether it has a rate.</summary>
    public static readonly (string Measure, char Kind, string Name, string? Of, bool Rate)[] Measures =
    [
        ("referrals", 'c', "referrals", null, true), ("re-referrals", '%', "re-referrals", "referrals", false),
        ("assessments-on-time", '%', "assessments-on-time", "assessments", false), ("s47-enquiries", 'c', "s47", null, true),
        ("icpc-after-s47", 'c', "icpc-after-s47", null, false), ("s47-leading-to-icpc", '%', "s47-icpc", "s47", false),
        ("icpc-resulting-in-plan", '%', "icpc-plan", "icpc", false), ("icpc-on-time", '%', "icpc-on-time", "icpc-after-s47", false),
        ("cp-plans", 'c', "cp-plans", null, true), ("cp-plans-started", 'c', "plans-started", null, false),
        ("cp-plans-ended", 'c', "plans-ended", null, false), ("cp-plans-ended-after-2-years", '%', "plans-ended-2y", "plans-ended", false),
        ("cp-plans-repeat", '%', "plans-repeat", "plans-started", false), ("looked-after", 'c', "looked-after", null, true),
        ("placed-outside-borough", '%', "outside-borough", "located", false), ("placed-outside-london", '%', "outside-london", "located", false),
        ("placement-stability", '%', "3-placements", "looked-after", false), ("care-reviews-on-time", '%', "care-reviews-on-time", "care-reviews", false),
        ("care-reviews-participation", '%', "care-reviews-participated", "care-reviews", false), ("cp-reviews-on-time", '%', "cp-reviews-on-time", "cp-reviews", false),
        ("missing-episodes", 'c', "missing-episodes", null, false), ("missing-children", 'c', "missing-children", null, false),
        ("rhi-offered-in-time", '%', "rhi-in-time", "returns", false), ("rhi-accepted", '%', "rhi-accepted", "rhi-offered", false),
        ("adoptions", 'c', "adoptions", null, false), ("sgos", 'c', "sgos", null, false), ("caos", 'c', "caos", null, false),
        ("a1-days-to-adoptive-family", 'a', "a1-days", "a1-children", false), ("a2-days-placement-order-to-match", 'a', "a2-days", "a2-children", false),
        ("a3-placed-within-14-months", '%', "a3", "a1-children", false), ("care-leavers-in-touch", '%', "leavers-in-touch", "leavers", false),
        ("care-leavers-eet", '%', "leavers-eet", "leavers", false), ("care-leavers-suitable-accommodation", '%', "leavers-suitable", "leavers", false),
        ("mash-requests-on-time", '%', "requests-on-time", "requests", false),
        ("rhi-places", 'c', "rhi-places", null, false), ("rhi-associates", 'c', "rhi-associates", null, false),
        ("rhi-push-factors", 'c', "rhi-push", null, false), ("rhi-pull-factors", 'c', "rhi-pull", null, false),
    ];

    /// <summary>The figure expected for a measure, period, borough (or "partnership") and breakdown.</summary>
    public ExpectedCell For(string measure, string period, string scope, string breakdown)
    {
        var (_, kind, name, of, hasRate) = Measures.Single(m => m.Measure == measure);
        var boroughs = scope == "partnership" ? GeneratedPopulation.Boroughs : [scope];
        long Sum(string n, string b) => boroughs.Sum(borough => tally.GetValueOrDefault((borough, period, n, b)));
        var count = Sum(name, breakdown);
        switch (kind)
        {
            case '%':
                var denominator = Sum(of!, breakdown);
                return new ExpectedCell(null, count, denominator, denominator == 0 ? null : 100.0 * count / denominator, null, null);
            case 'a':
                var cohort = Sum(of!, breakdown);
                return new ExpectedCell(null, null, cohort, null, null, cohort == 0 ? null : (double)count / cohort);
            default:
                var total = Sum(name, string.Empty);
                var share = breakdown.Length == 0 || total == 0 ? (double?)null : 100.0 * count / total;
                double? rate = null;
                if (hasRate && (breakdown.Length == 0 || breakdown.StartsWith("age-band=", StringComparison.Ordinal)))
                {
                    var midYear = int.Parse(period[..4]) - (period.Length == 10 ? 1 : 0);
                    var ages = breakdown.Length == 0 ? Enumerable.Range(0, 18) : Enumerable.Range(0, 18).Where(a => Band(a) == breakdown["age-band=".Length..]);
                    var children = boroughs.Sum(b => ages.Sum(a => population(b, midYear, a)));
                    rate = children == 0 ? null : 10000.0 * count / children;
                }

                return new ExpectedCell(count, null, null, share, rate, null);
        }
    }

    /// <summary>Every (measure, period, breakdown) the test counted something in, in a borough or (by default) anywhere in the partnership.</summary>
    public IEnumerable<(string Measure, string Period, string Breakdown)> NonZero(string scope = "partnership") =>
        (from key in tally.Keys
         where scope == "partnership" || key.Borough == scope
         from m in Measures
         where m.Name == key.Name && tally[key] != 0
         select (m.Measure, key.Period, key.Breakdown)).Distinct();

    private void Add(string borough, string period, string name, string breakdown = "", long amount = 1) =>
        tally[(borough, period, name, breakdown)] = tally.GetValueOrDefault((borough, period, name, breakdown)) + amount;

    private static string Year(DateOnly day)
    {
        var first = day.Month >= 4 ? day.Year : day.Year - 1;
        return $"{first}-{(first + 1) % 100:00}";
    }

    private static string Band(int age) => age < 1 ? "under-1" : age < 5 ? "1-4" : age < 10 ? "5-9" : age < 16 ? "10-15" : age < 18 ? "16-17" : "18-plus";

    private static string BandOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year - ((day.Month, day.Day).CompareTo((birth.Month, birth.Day)) < 0 ? 1 : 0);
        return birth > day ? "unknown" : Band(age);
    }

    private static DateOnly WorkingDaysAfter(DateOnly start, int days)
    {
        var day = start;
        while (days > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !BankHolidays.Contains(day))
            {
                days--;
            }
        }

        return day;
    }

    private void Count(GeneratedChild child, IReadOnlyList<DateOnly> yearEnds)
    {
        var b = child.Borough;
        var referrals = child.All<GReferral>().Select(r => r.Date).ToList();
        foreach (var referral in referrals)
        {
            Add(b, Year(referral), "referrals");
            if (referrals.Any(earlier => earlier < referral && earlier.AddMonths(12) >= referral))
            {
                Add(b, Year(referral), "re-referrals");
            }
        }

        foreach (var assessment in child.All<GAssessment>().Where(a => a.Authorised is not null))
        {
            var done = assessment.Authorised!.Value;
            Add(b, Year(done), "assessments");
            var startedBy = referrals.Where(r => r <= assessment.Start).DefaultIfEmpty(assessment.Start).Max();
            if (done <= WorkingDaysAfter(startedBy, 45))
            {
                Add(b, Year(done), "assessments-on-time");
            }
        }

        var conferences = child.All<GConference>().ToList();
        foreach (var enquiry in child.All<GEnquiry>())
        {
            Add(b, Year(enquiry.Strategy), "s47");
            if (conferences.Any(c => c.Enquiry == enquiry))
            {
                Add(b, Year(enquiry.Strategy), "s47-icpc");
            }
        }

        foreach (var conference in conferences)
        {
            var year = Year(conference.Date);
            Add(b, year, "icpc");
            Add(b, year, "icpc-after-s47");
            if (conference.Date <= WorkingDaysAfter(conference.Enquiry.Strategy, 15))
            {
                Add(b, year, "icpc-on-time");
            }

            if (conference.ResultedInPlan)
            {
                Add(b, year, "icpc-plan");
            }
        }

        foreach (var plan in child.All<GPlan>())
        {
            Add(b, Year(plan.Start), "plans-started");
            if (plan.Previous > 0)
            {
                Add(b, Year(plan.Start), "plans-repeat");
            }

            if (plan.End is { } end)
            {
                Add(b, Year(end), "plans-ended");
                if (end >= plan.Start.AddYears(2))
                {
                    Add(b, Year(end), "plans-ended-2y");
                }
            }

            foreach (var day in yearEnds.Where(d => plan.Start <= d && (plan.End is null || plan.End > d)))
            {
                var asAt = day.ToString("yyyy-MM-dd");
                Add(b, asAt, "cp-plans");
                Add(b, asAt, "cp-plans", "age-band=" + BandOn(child.BirthDate, day));
                Add(b, asAt, "cp-plans", "category=" + (plan.Category ?? "unknown"));
            }

            DateOnly? previous = null;
            foreach (var review in plan.Reviews.Order())
            {
                Add(b, Year(review), "cp-reviews");
                if (review <= (previous is { } last ? last.AddMonths(6) : plan.Start.AddMonths(3)))
                {
                    Add(b, Year(review), "cp-reviews-on-time");
                }

                previous = review;
            }
        }

        var episodes = child.All<GEpisode>().OrderBy(e => e.Start).ToList();
        foreach (var day in yearEnds)
        {
            var asAt = day.ToString("yyyy-MM-dd");
            var current = episodes.FirstOrDefault(e => e.Start <= day && (e.End is null || day < e.End));
            if (current is null)
            {
                continue;
            }

            Add(b, asAt, "looked-after");
            Add(b, asAt, "looked-after", "age-band=" + BandOn(child.BirthDate, day));
            Add(b, asAt, "looked-after", "legal-status=" + current.Legal);
            Add(b, asAt, "looked-after", "placement-type=" + current.Placement);
            if (current.District is { } district)
            {
                Add(b, asAt, "located");
                var (borough, london) = GeneratedPopulation.Districts[district];
                if (borough != b)
                {
                    Add(b, asAt, "outside-borough");
                }

                if (!london)
                {
                    Add(b, asAt, "outside-london");
                }
            }

            var yearStart = new DateOnly(day.Year - 1, 4, 1);
            var inYear = episodes.Where(e => e.Start <= day && (e.End is null || e.End.Value.AddDays(-1) >= yearStart)).ToList();
            if (1 + inYear.Skip(1).Count(e => e.Rne is "P" or "T" or "B" or "U" or "S") >= 3)
            {
                Add(b, asAt, "3-placements");
            }
        }

        var reviews = child.All<GCareReview>().OrderBy(r => r.Date).ToList();
        for (var i = 0; i < reviews.Count; i++)
        {
            var year = Year(reviews[i].Date);
            var due = i == 0 ? WorkingDaysAfter(episodes[0].Start, 20) : i == 1 ? reviews[0].Date.AddMonths(3) : reviews[i - 1].Date.AddMonths(6);
            Add(b, year, "care-reviews");
            if (reviews[i].Date <= due)
            {
                Add(b, year, "care-reviews-on-time");
            }

            if (reviews[i].Participation is not ("PN0" or "PN7"))
            {
                Add(b, year, "care-reviews-participated");
            }
        }

        var missing = child.All<GMissing>().ToList();
        foreach (var episode in missing)
        {
            Add(b, Year(episode.Start), "missing-episodes");
            if (episode.End is not { } returned)
            {
                continue;
            }

            Add(b, Year(returned), "returns");
            if (episode.Offered is { } offered)
            {
                Add(b, Year(returned), "rhi-offered");
                if (offered <= returned.AddDays(3))
                {
                    Add(b, Year(returned), "rhi-in-time");
                }

                if (episode.Accepted)
                {
                    Add(b, Year(returned), "rhi-accepted");
                    foreach (var (name, dimension, text) in new[] { ("rhi-places", "place", episode.Place), ("rhi-associates", "associate", episode.Associate), ("rhi-push", "push-factor", "conflict at home"), ("rhi-pull", "pull-factor", episode.Pull) })
                    {
                        Add(b, Year(returned), name);
                        Add(b, Year(returned), name, $"{dimension}={string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()}");
                    }
                }
            }
        }

        foreach (var year in missing.Select(m => Year(m.Start)).Distinct())
        {
            Add(b, year, "missing-children");
        }

        foreach (var episode in episodes.Where(e => e.End is not null))
        {
            if (episode.Ceased is "E45" or "E46" or "E47" or "E48")
            {
                Add(b, Year(episode.End!.Value), "sgos");
            }

            if (episode.Ceased == "E41")
            {
                Add(b, Year(episode.End!.Value), "caos");
            }
        }

        var milestones = child.All<GMilestone>().ToDictionary(m => m.Step, m => m.Date);
        if (milestones.TryGetValue(AdoptionStep.AdoptionOrder, out var order))
        {
            Add(b, Year(order), "adoptions");
        }

        if (milestones.TryGetValue(AdoptionStep.PlacedForAdoption, out var movedIn) && episodes.Count > 0 && episodes[0].Start <= movedIn)
        {
            var enteredCare = episodes[0].Start;
            Add(b, Year(movedIn), "a1-children");
            Add(b, Year(movedIn), "a1-days", amount: movedIn.DayNumber - enteredCare.DayNumber);
            if (movedIn <= enteredCare.AddMonths(14))
            {
                Add(b, Year(movedIn), "a3");
            }
        }

        if (milestones.TryGetValue(AdoptionStep.PlacementOrder, out var placementOrder) && milestones.TryGetValue(AdoptionStep.Matched, out var matched))
        {
            Add(b, Year(matched), "a2-children");
            Add(b, Year(matched), "a2-days", amount: matched.DayNumber - placementOrder.DayNumber);
        }

        foreach (var latest in child.All<GLeaver>().GroupBy(s => Year(s.Date)).Select(g => g.OrderBy(s => s.Date).Last()))
        {
            var year = Year(latest.Date);
            Add(b, year, "leavers");
            if (latest.InTouch)
            {
                Add(b, year, "leavers-in-touch");
                if (latest.Activity is "F1" or "P5")
                {
                    Add(b, year, "leavers-eet");
                }

                if (latest.Suitable)
                {
                    Add(b, year, "leavers-suitable");
                }
            }
        }
    }

    private static IEnumerable<DateOnly> Days(int year, string days) =>
        days.Split(' ').Select(d => new DateOnly(year, int.Parse(d[..2]), int.Parse(d[3..])));
}
