using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Generator;

/// <summary>One record of a generated child, as the borough's case system holds it.</summary>
public abstract class GeneratedRecord
{
    /// <summary>The borough's id for it.</summary>
    public string SourceId { get; init; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Its version there; a correction adds one.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Its kind.</summary>
    public abstract CareRecordKind Kind { get; }

    /// <summary>The record as the sync call carries it (a record naming another names it by its source id).</summary>
    public abstract CareRecordBody Body();
}

/// <summary>A referral.</summary>
public sealed class GReferral : GeneratedRecord
{
    public DateOnly Date { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Referral;
    public override CareRecordBody Body() => new() { Referral = new Referral { ReferralDate = D(Date), Source = "2A" } };
    internal static string D(DateOnly day) => day.ToString("yyyy-MM-dd");
    internal static string D(DateOnly? day) => day is { } d ? D(d) : string.Empty;
}

/// <summary>A single assessment.</summary>
public sealed class GAssessment : GeneratedRecord
{
    public DateOnly Start { get; set; }
    public DateOnly? Authorised { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Assessment;
    public override CareRecordBody Body() =>
        new() { Assessment = new Assessment { StartDate = GReferral.D(Start), AuthorisedDate = GReferral.D(Authorised) } };
}

/// <summary>A Section 47 enquiry.</summary>
public sealed class GEnquiry : GeneratedRecord
{
    /// <summary>Whether who took part in the strategy discussion is known (the CIN census does not carry it).</summary>
    public bool AgenciesKnown { get; set; } = true;
    public DateOnly Strategy { get; set; }
    public DateOnly End { get; set; }
    public bool ConferenceToBeHeld { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Section47Enquiry;
    public override CareRecordBody Body() => new()
    {
        Section47 = new Section47Enquiry
        {
            StrategyDiscussionDate = GReferral.D(Strategy),
            StrategyAgencies = { AgenciesKnown ? ["E09000033", "met-police"] : [] },
            StartDate = GReferral.D(Strategy),
            EndDate = GReferral.D(End),
            Outcome = ConferenceToBeHeld ? Section47Outcome.ConferenceToBeHeld : Section47Outcome.NotSubstantiated,
        },
    };
}

/// <summary>An initial child protection conference.</summary>
public sealed class GConference : GeneratedRecord
{
    public required GEnquiry Enquiry { get; init; }
    public DateOnly Date { get; set; }
    public bool ResultedInPlan { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Conference;
    public override CareRecordBody Body() => new()
    {
        Conference = new Conference
        {
            ConferenceDate = GReferral.D(Date),
            Section47SourceId = Enquiry.SourceId,
            AttendingAgencies = { Enquiry.AgenciesKnown ? ["E09000033", "met-police", "RV3"] : [] },
            ResultedInPlan = ResultedInPlan,
        },
    };
}

/// <summary>A child protection plan.</summary>
public sealed class GPlan : GeneratedRecord
{
    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }
    /// <summary>The latest category; null when the borough has not recorded it (counted as "unknown").</summary>
    public string? Category { get; set; } = "NEG";
    public int Previous { get; set; }
    public List<DateOnly> Reviews { get; set; } = [];
    public override CareRecordKind Kind => CareRecordKind.Plan;
    public override CareRecordBody Body()
    {
        var plan = new Plan
        {
            Type = PlanType.ChildProtection,
            StartDate = GReferral.D(Start),
            EndDate = GReferral.D(End),
            InitialCategory = "NEG",
            LatestCategory = Category ?? string.Empty,
            PreviousPlans = Previous,
        };
        plan.ReviewDates.AddRange(Reviews.Select(GReferral.D));
        return new CareRecordBody { Plan = plan };
    }
}

/// <summary>An episode of care.</summary>
public sealed class GEpisode : GeneratedRecord
{
    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }
    public string Rne { get; set; } = "S";
    public string Legal { get; set; } = "C2";
    public string Placement { get; set; } = "U3";
    /// <summary>The placement's postcode district; null when not known (SSDA903 does not always carry it).</summary>
    public string? District { get; set; } = "W6";
    /// <summary>The placement's provider; null when not known.</summary>
    public string? Provider { get; set; } = "PR1";
    public string? Ceased { get; set; }
    public override CareRecordKind Kind => CareRecordKind.CareEpisode;
    public override CareRecordBody Body() => new()
    {
        CareEpisode = new CareEpisode
        {
            StartDate = GReferral.D(Start),
            ReasonForNewEpisode = Rne,
            LegalStatus = Legal,
            PlacementType = Placement,
            Provider = Provider ?? string.Empty,
            PostcodeDistrict = District ?? string.Empty,
            EndDate = GReferral.D(End),
            ReasonCeased = Ceased ?? string.Empty,
        },
    };
}

/// <summary>A looked-after review.</summary>
public sealed class GCareReview : GeneratedRecord
{
    public DateOnly Date { get; set; }
    public string Participation { get; set; } = "PN1";
    public override CareRecordKind Kind => CareRecordKind.CareReview;
    public override CareRecordBody Body() =>
        new() { CareReview = new CareReview { ReviewDate = GReferral.D(Date), Participation = Participation } };
}

/// <summary>A missing episode with its return home interview.</summary>
public sealed class GMissing : GeneratedRecord
{
    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }
    public DateOnly? Offered { get; set; }
    public bool Accepted { get; set; }
    public string Place { get; set; } = "Shepherd's Bush";
    public string Associate { get; set; } = "older males";
    public string Pull { get; set; } = "money";
    public override CareRecordKind Kind => CareRecordKind.MissingEpisode;
    public override CareRecordBody Body()
    {
        var missing = new MissingEpisode { StartDate = GReferral.D(Start), EndDate = GReferral.D(End), MissingType = "M" };
        if (Offered is { } offered)
        {
            missing.Interview = new ReturnInterview { OfferedDate = GReferral.D(offered), Accepted = Accepted, ConductedBy = "barnardos" };
            if (Accepted)
            {
                missing.Interview.Places.Add(Place);
                missing.Interview.Associates.Add(Associate);
                missing.Interview.PushFactors.Add("conflict at home");
                missing.Interview.PullFactors.Add(Pull);
            }
        }

        return new CareRecordBody { MissingEpisode = missing };
    }
}

/// <summary>An adoption milestone.</summary>
public sealed class GMilestone : GeneratedRecord
{
    public AdoptionStep Step { get; init; }
    public DateOnly Date { get; set; }
    public override CareRecordKind Kind => CareRecordKind.AdoptionMilestone;
    public override CareRecordBody Body() =>
        new() { AdoptionMilestone = new AdoptionMilestone { Step = Step, MilestoneDate = GReferral.D(Date) } };
}

/// <summary>A care leaver's status.</summary>
public sealed class GLeaver : GeneratedRecord
{
    public DateOnly Date { get; set; }
    public bool InTouch { get; set; }
    public string Activity { get; set; } = "F1";
    public bool Suitable { get; set; }
    public override CareRecordKind Kind => CareRecordKind.CareLeaverStatus;
    public override CareRecordBody Body()
    {
        var status = new CareLeaverStatus { StatusDate = GReferral.D(Date), InTouch = InTouch ? "YES" : "NO" };
        if (InTouch)
        {
            status.Activity = Activity;
            status.Accommodation = Suitable ? "U" : "S";
            status.AccommodationSuitable = Suitable;
        }

        return new CareRecordBody { CareLeaverStatus = status };
    }
}

/// <summary>A generated child: the borough, date of birth and records the borough's case system holds.</summary>
public sealed class GeneratedChild
{
    /// <summary>The responsible borough's ONS code.</summary>
    public required string Borough { get; init; }

    /// <summary>The child's id in the borough's case system.</summary>
    public required string CaseId { get; init; }

    /// <summary>The date of birth.</summary>
    public DateOnly BirthDate { get; set; }

    /// <summary>The version of the child's details in the case system; a correction adds one.</summary>
    public int DetailsVersion { get; set; } = 1;

    /// <summary>The child's records, in the order the case system made them (an enquiry before its conference, an episode before its reviews).</summary>
    public List<GeneratedRecord> Records { get; } = [];

    /// <summary>The records of one kind.</summary>
    public IEnumerable<T> All<T>() => Records.OfType<T>();

    /// <summary>
    /// The child's details as the sync call carries them: no names and no NHS number, as the statutory returns the
    /// history comes from carry none (the child is known by the borough's case id).
    /// </summary>
    public ChangeRecord Details() => new()
    {
        SourceId = "PERSON-" + CaseId,
        Version = "v" + DetailsVersion,
        ChildCaseId = CaseId,
        Child = new ChildDetails { BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = GReferral.D(BirthDate) } },
    };

    /// <summary>A record as the sync call carries it.</summary>
    public ChangeRecord Change(GeneratedRecord record) => new()
    {
        SourceId = record.SourceId,
        Version = "v" + record.Version,
        Kind = record.Kind,
        ChildCaseId = CaseId,
        CareRecord = record.Body(),
    };

    /// <summary>A purge of a record the borough deleted.</summary>
    public ChangeRecord Purge(GeneratedRecord record) => new()
    {
        SourceId = record.SourceId,
        Version = "purged",
        Kind = record.Kind,
        ChildCaseId = CaseId,
        Purge = true,
    };
}

/// <summary>Which boroughs a population is of and the days its records span.</summary>
/// <param name="Boroughs">The boroughs' ONS codes; children are dealt to them in turn.</param>
/// <param name="From">The first day records are made on (care may have started up to 300 days before).</param>
/// <param name="LastDay">The last day records are made on; not after today, which the hub refuses.</param>
public sealed record PopulationShape(IReadOnlyList<string> Boroughs, DateOnly From, DateOnly LastDay)
{
    /// <summary>Westminster, Kensington and Chelsea, Hammersmith and Fulham (the tri-borough).</summary>
    public static readonly IReadOnlyList<string> TriBorough = ["E09000033", "E09000020", "E09000013"];

    /// <summary>The tri-borough and its west London partners, Ealing, Hounslow and Brent.</summary>
    public static readonly IReadOnlyList<string> WestLondon = ["E09000013", "E09000020", "E09000033", "E09000009", "E09000018", "E09000005"];

    /// <summary>Six boroughs' records over April 2020 to September 2026.</summary>
    public static PopulationShape Recent { get; } = new(WestLondon, new DateOnly(2020, 4, 1), new DateOnly(2026, 9, 30));

    /// <summary>The tri-borough's history from April 2010 to <paramref name="lastDay"/>: many of its children are adults by then.</summary>
    public static PopulationShape History(DateOnly lastDay) => new(TriBorough, new DateOnly(2010, 4, 1), lastDay);
}

/// <summary>
/// A deterministic population of children with records of every kind over a span of years, valid under the hub's
/// rules (no record a born child has dated before the birth, nothing after the last day), and random edits to it,
/// back-dated corrections among them. Children are born up to 16 years before the span starts, so a span from 2010
/// holds many who are adults now. Roughly, per child: 0 to 3 referrals (7 in 10 with an assessment), a Section 47
/// enquiry for half (7 in 10 of those go to a conference, 3 in 4 of those make a plan), a period of care for 45 in
/// 100 (1 to 4 episodes with placement moves and legal status changes, reviews, an adoption for 3 in 10), missing
/// episodes with return interviews, and care leaver statuses for 1 in 5. Some fields the statutory returns do not
/// carry are left unknown: the agencies of 1 in 5 enquiries, the district and provider of 1 in 10 placements, the
/// latest category of 1 in 10 plans.
/// </summary>
/// <param name="seed">The seed: the same seed and shape give the same population.</param>
/// <param name="shape">The boroughs and the span; <see cref="PopulationShape.Recent"/> when not given.</param>
public sealed class GeneratedPopulation(int seed, PopulationShape? shape = null)
{
    /// <summary>The six west London boroughs of <see cref="PopulationShape.Recent"/>.</summary>
    public static readonly IReadOnlyList<string> Boroughs = PopulationShape.WestLondon;

    /// <summary>Placement districts, with the borough each lies in (or none) and whether in London, by the generator's own reckoning.</summary>
    public static readonly IReadOnlyDictionary<string, (string? Borough, bool London)> Districts = new Dictionary<string, (string?, bool)>
    {
        ["W2"] = ("E09000033", true),
        ["W6"] = ("E09000013", true),
        ["SW7"] = ("E09000020", true),
        ["W5"] = ("E09000009", true),
        ["TW3"] = ("E09000018", true),
        ["NW10"] = ("E09000005", true),
        ["E1"] = (null, true),
        ["CR0"] = (null, true),
        ["B1"] = (null, false),
        ["M1"] = (null, false),
    };

    private readonly Random random = new(seed);
    private readonly string run = Guid.NewGuid().ToString("N")[..6];

    /// <summary>The boroughs and the span.</summary>
    public PopulationShape Shape { get; } = shape ?? PopulationShape.Recent;

    /// <summary>The children generated so far.</summary>
    public List<GeneratedChild> Children { get; } = [];

    private DateOnly From => Shape.From;

    private DateOnly LastDay => Shape.LastDay;

    private DateOnly Day(DateOnly from, int days) => from.AddDays(random.Next(Math.Max(days, 1)));

    private static int DaysBetween(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    private DateOnly? NotAfterLastDay(DateOnly day) => day <= LastDay ? day : null;

    /// <summary>Generates <paramref name="count"/> more children.</summary>
    public void Generate(int count)
    {
        var firstBirth = From.AddYears(-16);
        for (var i = 0; i < count; i++)
        {
            var n = Children.Count;
            var child = new GeneratedChild
            {
                Borough = Shape.Boroughs[n % Shape.Boroughs.Count],
                CaseId = $"GEN-{run}-{n}",
                BirthDate = Day(firstBirth, DaysBetween(firstBirth, LastDay.AddYears(-1))),
            };
            Children.Add(child);

            // Records begin once the child is born (referrals and plans can be about an unborn child, but these are not).
            var start = child.BirthDate > From ? child.BirthDate.AddDays(1) : From;
            var window = DaysBetween(start, LastDay);
            Referrals(child, start, window);
            if (random.NextDouble() < 0.5)
            {
                Protection(child, start, window);
            }

            if (random.NextDouble() < 0.45)
            {
                Care(child);
            }

            Missing(child, start, window);
            if (random.NextDouble() < 0.2)
            {
                foreach (var date in Enumerable.Range(0, random.Next(1, 3)).Select(_ => Day(start, window)).Distinct())
                {
                    child.Records.Add(new GLeaver { Date = date, InTouch = random.NextDouble() < 0.8, Activity = Pick("F1", "G4", "P5"), Suitable = random.NextDouble() < 0.7 });
                }
            }
        }
    }

    /// <summary>
    /// A borough's changes as its case system exports them for a push: each child's details, then the child's records
    /// in the order they were made, child after child.
    /// </summary>
    public IEnumerable<ChangeRecord> PushStream(string borough) =>
        Children.Where(c => c.Borough == borough).SelectMany(c => c.Records.Select(c.Change).Prepend(c.Details()));

    private void Referrals(GeneratedChild child, DateOnly start, int window)
    {
        foreach (var date in Enumerable.Range(0, random.Next(0, 4)).Select(_ => Day(start, window - 10)).Distinct())
        {
            child.Records.Add(new GReferral { Date = date });
            if (random.NextDouble() < 0.7)
            {
                var assessed = date.AddDays(random.Next(0, 6));
                child.Records.Add(new GAssessment { Start = assessed, Authorised = random.NextDouble() < 0.9 ? NotAfterLastDay(assessed.AddDays(random.Next(20, 90))) : null });
            }
        }
    }

    private void Protection(GeneratedChild child, DateOnly start, int window)
    {
        var strategy = Day(start, window - 60);
        var toConference = random.NextDouble() < 0.7;
        var enquiry = new GEnquiry { Strategy = strategy, End = strategy.AddDays(random.Next(5, 40)), ConferenceToBeHeld = toConference, AgenciesKnown = random.NextDouble() < 0.8 };
        child.Records.Add(enquiry);
        if (!toConference)
        {
            return;
        }

        var conference = new GConference { Enquiry = enquiry, Date = strategy.AddDays(random.Next(5, 35)), ResultedInPlan = random.NextDouble() < 0.75 };
        child.Records.Add(conference);
        if (!conference.ResultedInPlan)
        {
            return;
        }

        var plan = new GPlan
        {
            Start = conference.Date,
            Category = random.NextDouble() < 0.1 ? null : Pick("NEG", "PHY", "SAB", "EMO", "MUL"),
            Previous = random.NextDouble() < 0.25 ? 1 : 0,
        };
        var end = plan.Start.AddDays(random.Next(60, 1000));
        plan.End = end <= LastDay && random.NextDouble() < 0.7 ? end : null;
        for (var review = plan.Start.AddDays(random.Next(70, 110)); review <= (plan.End ?? LastDay); review = review.AddDays(random.Next(150, 200)))
        {
            plan.Reviews.Add(review);
        }

        child.Records.Add(plan);
    }

    private void Care(GeneratedChild child)
    {
        var earliest = From.AddDays(-300) > child.BirthDate ? From.AddDays(-300) : child.BirthDate.AddDays(1);
        var start = Day(earliest, DaysBetween(earliest, LastDay.AddDays(-30)));
        var episodes = random.Next(1, 5);
        for (var n = 0; n < episodes; n++)
        {
            var located = random.NextDouble() < 0.9;
            var episode = new GEpisode
            {
                Start = start,
                Rne = n == 0 ? "S" : Pick("P", "T", "L", "B"),
                Legal = Pick("C1", "C2", "V2", "E1"),
                Placement = Pick("U1", "U3", "U4", "K2", "R1", "H5"),
                District = located ? Pick([.. Districts.Keys]) : null,
                Provider = located ? "PR1" : null,
            };
            var end = start.AddDays(random.Next(30, 400));
            var last = n == episodes - 1;
            if (end > LastDay || (last && random.NextDouble() < 0.4))
            {
                child.Records.Add(episode);
                break;
            }

            episode.End = end;
            episode.Ceased = last ? Pick("E13", "E41", "E45", "E4A", "E11") : "X1";
            child.Records.Add(episode);
            start = end;
        }

        var inCare = child.All<GEpisode>().ToList();
        var periodEnd = inCare[^1].End ?? LastDay;
        for (var review = inCare[0].Start.AddDays(random.Next(10, 30)); review < periodEnd; review = review.AddDays(random.Next(80, 200)))
        {
            child.Records.Add(new GCareReview { Date = review, Participation = Pick("PN0", "PN1", "PN5", "PN7") });
        }

        if (random.NextDouble() < 0.3)
        {
            var day = inCare[0].Start;
            foreach (var step in new[] { AdoptionStep.DecisionToPlace, AdoptionStep.PlacementOrder, AdoptionStep.Matched, AdoptionStep.PlacedForAdoption, AdoptionStep.AdoptionOrder })
            {
                day = day.AddDays(random.Next(20, 200));
                if (day > LastDay)
                {
                    break;
                }

                child.Records.Add(new GMilestone { Step = step, Date = day });
            }
        }
    }

    private void Missing(GeneratedChild child, DateOnly start, int window)
    {
        var day = Day(start, Math.Min(window, 900));
        for (var n = random.Next(0, 3); n > 0 && day <= LastDay; n--)
        {
            var returned = random.NextDouble() < 0.9 ? NotAfterLastDay(day.AddDays(random.Next(0, 4))) : null;
            var offered = returned is { } r && random.NextDouble() < 0.8 ? NotAfterLastDay(r.AddDays(random.Next(0, 6))) : null;
            child.Records.Add(new GMissing
            {
                Start = day,
                End = returned,
                Offered = offered,
                Accepted = offered is not null && random.NextDouble() < 0.6,
                Place = Pick("Shepherd's Bush", "Westfield  shopping centre", "a friend's flat"),
                Associate = Pick("older males", "Friends from school"),
                Pull = Pick("money", "drugs", "a boyfriend"),
            });
            if (returned is null)
            {
                break;
            }

            day = returned.Value.AddDays(random.Next(1, 300));
        }
    }

    /// <summary>
    /// Makes <paramref name="count"/> random edits as a borough's case system would send them: back-dated corrections
    /// (a referral dated a year earlier, a plan ended in the past, a later category, an assessment's authorisation
    /// corrected, a placement type corrected, a date of birth corrected) and records deleted. Returns the changes to
    /// send, in the order they were made.
    /// </summary>
    public List<(GeneratedChild Child, ChangeRecord Change)> Edit(int count)
    {
        var changes = new List<(GeneratedChild, ChangeRecord)>();
        for (var made = 0; made < count;)
        {
            var child = Children[random.Next(Children.Count)];
            GeneratedRecord? changed = null;
            switch (random.Next(7))
            {
                case 0 when child.All<GReferral>().FirstOrDefault() is { } referral:
                    referral.Date = referral.Date.AddDays(-400);
                    changed = referral;
                    break;
                case 1 when child.All<GPlan>().FirstOrDefault(p => p.End is null) is { } open:
                    var end = (open.Reviews.Count > 0 ? open.Reviews[^1] : open.Start).AddDays(10);
                    if (end <= LastDay)
                    {
                        open.End = end;
                        changed = open;
                    }

                    break;
                case 2 when child.All<GPlan>().FirstOrDefault() is { } plan:
                    plan.Category = plan.Category == "MUL" ? "NEG" : "MUL";
                    changed = plan;
                    break;
                case 3 when child.All<GAssessment>().FirstOrDefault(a => a.Authorised is not null) is { } assessment:
                    var corrected = assessment.Authorised!.Value.AddDays(assessment.Authorised.Value.Day % 2 == 0 ? 30 : -15);
                    assessment.Authorised = corrected < assessment.Start ? assessment.Start : corrected > LastDay ? assessment.Authorised : corrected;
                    changed = assessment;
                    break;
                case 4 when child.All<GEpisode>().FirstOrDefault() is { } episode:
                    episode.Placement = episode.Placement == "U1" ? "K2" : "U1";
                    changed = episode;
                    break;
                case 5 when child.All<GMissing>().FirstOrDefault() is { } missing:
                    child.Records.Remove(missing);
                    changes.Add((child, child.Purge(missing)));
                    made++;
                    continue;
                case 6:
                    child.BirthDate = child.BirthDate.AddDays(-random.Next(100, 800));
                    child.DetailsVersion++;
                    changes.Add((child, child.Details()));
                    made++;
                    continue;
            }

            if (changed is not null)
            {
                changed.Version++;
                changes.Add((child, child.Change(changed)));
                made++;
            }
        }

        return changes;
    }
}
