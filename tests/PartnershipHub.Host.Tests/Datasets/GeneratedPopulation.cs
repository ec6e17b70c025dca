using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Host.Tests.Children;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>One record of a generated child, as the borough's case system holds it.</summary>
public abstract class GeneratedRecord
{
    /// <summary>The borough's id for it.</summary>
    public string SourceId { get; init; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Its version there; a correction adds one.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Its kind.</summary>
    public abstract CareRecordKind Kind { get; }

    /// <summary>The record as the sync call carries it; <paramref name="hubId"/> gives the hub's id of a record by its source id.</summary>
    public abstract CareRecordBody Body(Func<string, string> hubId);
}

/// <summary>A referral.</summary>
public sealed class GReferral : GeneratedRecord
{
    public DateOnly Date { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Referral;
    public override CareRecordBody Body(Func<string, string> hubId) => new() { Referral = new Referral { ReferralDate = D(Date), Source = "2A" } };
    internal static string D(DateOnly day) => day.ToString("yyyy-MM-dd");
    internal static string D(DateOnly? day) => day is { } d ? D(d) : string.Empty;
}

/// <summary>A single assessment.</summary>
public sealed class GAssessment : GeneratedRecord
{
    public DateOnly Start { get; set; }
    public DateOnly? Authorised { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Assessment;
    public override CareRecordBody Body(Func<string, string> hubId) =>
        new() { Assessment = new Assessment { StartDate = GReferral.D(Start), AuthorisedDate = GReferral.D(Authorised) } };
}

/// <summary>A Section 47 enquiry.</summary>
public sealed class GEnquiry : GeneratedRecord
{
    public DateOnly Strategy { get; set; }
    public DateOnly End { get; set; }
    public bool ConferenceToBeHeld { get; set; }
    public override CareRecordKind Kind => CareRecordKind.Section47Enquiry;
    public override CareRecordBody Body(Func<string, string> hubId) => new()
    {
        Section47 = new Section47Enquiry
        {
            StrategyDiscussionDate = GReferral.D(Strategy),
            StrategyAgencies = { "E09000033", "met-police" },
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
    public override CareRecordBody Body(Func<string, string> hubId) => new()
    {
        Conference = new Conference
        {
            ConferenceDate = GReferral.D(Date),
            Section47Id = hubId(Enquiry.SourceId),
            AttendingAgencies = { "E09000033", "met-police", "RV3" },
            Quorate = true,
            ResultedInPlan = ResultedInPlan,
        },
    };
}

/// <summary>A child protection plan.</summary>
public sealed class GPlan : GeneratedRecord
{
    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }
    public string Category { get; set; } = "NEG";
    public int Previous { get; set; }
    public List<DateOnly> Reviews { get; set; } = [];
    public override CareRecordKind Kind => CareRecordKind.Plan;
    public override CareRecordBody Body(Func<string, string> hubId)
    {
        var plan = new Plan
        {
            Type = PlanType.ChildProtection,
            StartDate = GReferral.D(Start),
            EndDate = GReferral.D(End),
            InitialCategory = "NEG",
            LatestCategory = Category,
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
    public string District { get; set; } = "W6";
    public string? Ceased { get; set; }
    public override CareRecordKind Kind => CareRecordKind.CareEpisode;
    public override CareRecordBody Body(Func<string, string> hubId) => new()
    {
        CareEpisode = new CareEpisode
        {
            StartDate = GReferral.D(Start),
            ReasonForNewEpisode = Rne,
            LegalStatus = Legal,
            PlacementType = Placement,
            Provider = "PR1",
            PostcodeDistrict = District,
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
    public override CareRecordBody Body(Func<string, string> hubId) =>
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
    public override CareRecordBody Body(Func<string, string> hubId)
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
    public override CareRecordBody Body(Func<string, string> hubId) =>
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
    public override CareRecordBody Body(Func<string, string> hubId)
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
    public required string Borough { get; init; }
    public required string CaseId { get; init; }
    public DateOnly BirthDate { get; set; }
    public int DetailsVersion { get; set; } = 1;
    public string NhsNumber { get; } = ChildRequests.UniqueNhsNumber();
    public List<GeneratedRecord> Records { get; } = [];

    public IEnumerable<T> All<T>() => Records.OfType<T>();

    /// <summary>The child's details as the sync call carries them.</summary>
    public ChangeRecord Details() => new()
    {
        SourceId = "PERSON-" + CaseId,
        Version = "v" + DetailsVersion,
        ChildCaseId = CaseId,
        Child = new ChildDetails
        {
            GivenName = "Generated",
            FamilyName = "Child",
            BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = GReferral.D(BirthDate) },
            NhsNumber = NhsNumber,
        },
    };

    /// <summary>A record as the sync call carries it.</summary>
    public ChangeRecord Change(GeneratedRecord record, Func<string, string> hubId) => new()
    {
        SourceId = record.SourceId,
        Version = "v" + record.Version,
        Kind = record.Kind,
        ChildCaseId = CaseId,
        CareRecord = record.Body(hubId),
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

/// <summary>
/// A deterministic population of children with records of every kind over the financial years 2020-21 to 2024-25,
/// valid under the hub's rules, and random edits to it, back-dated corrections among them.
/// </summary>
public sealed class GeneratedPopulation(int seed)
{
    public static readonly string[] Boroughs = ["E09000013", "E09000020", "E09000033", "E09000009", "E09000018", "E09000005"];

    /// <summary>Placement districts, with the borough each lies in (or none) and whether in London, by the test's own reckoning.</summary>
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

    private static readonly DateOnly From = new(2020, 4, 1);
    private static readonly DateOnly LastDay = new(2026, 9, 30);
    private readonly Random random = new(seed);
    private readonly string run = Guid.NewGuid().ToString("N")[..6];

    public List<GeneratedChild> Children { get; } = [];

    private DateOnly Day(DateOnly from, int days) => from.AddDays(random.Next(days));

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    /// <summary>Generates <paramref name="count"/> children.</summary>
    public void Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var child = new GeneratedChild { Borough = Boroughs[i % Boroughs.Length], CaseId = $"GEN-{run}-{i}", BirthDate = Day(new DateOnly(2004, 1, 1), 7300) };
            Children.Add(child);
            Referrals(child);
            if (random.NextDouble() < 0.5)
            {
                Protection(child);
            }

            if (random.NextDouble() < 0.45)
            {
                Care(child);
            }

            Missing(child);
            if (random.NextDouble() < 0.2)
            {
                foreach (var date in Enumerable.Range(0, random.Next(1, 3)).Select(_ => Day(From, 1800)).Distinct())
                {
                    child.Records.Add(new GLeaver { Date = date, InTouch = random.NextDouble() < 0.8, Activity = Pick("F1", "G4", "P5"), Suitable = random.NextDouble() < 0.7 });
                }
            }
        }
    }

    private void Referrals(GeneratedChild child)
    {
        foreach (var date in Enumerable.Range(0, random.Next(0, 4)).Select(_ => Day(From, 1800)).Distinct())
        {
            child.Records.Add(new GReferral { Date = date });
            if (random.NextDouble() < 0.7)
            {
                var start = date.AddDays(random.Next(0, 6));
                child.Records.Add(new GAssessment { Start = start, Authorised = random.NextDouble() < 0.9 ? start.AddDays(random.Next(20, 90)) : null });
            }
        }
    }

    private void Protection(GeneratedChild child)
    {
        var strategy = Day(From, 1700);
        var toConference = random.NextDouble() < 0.7;
        var enquiry = new GEnquiry { Strategy = strategy, End = strategy.AddDays(random.Next(5, 40)), ConferenceToBeHeld = toConference };
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

        var plan = new GPlan { Start = conference.Date, Category = Pick("NEG", "PHY", "SAB", "EMO", "MUL"), Previous = random.NextDouble() < 0.25 ? 1 : 0 };
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
        var start = Day(new DateOnly(2019, 6, 1), 2000);
        var episodes = random.Next(1, 5);
        for (var n = 0; n < episodes; n++)
        {
            var episode = new GEpisode
            {
                Start = start,
                Rne = n == 0 ? "S" : Pick("P", "T", "L", "B"),
                Legal = Pick("C1", "C2", "V2", "E1"),
                Placement = Pick("U1", "U3", "U4", "K2", "R1", "H5"),
                District = Pick([.. Districts.Keys]),
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

    private void Missing(GeneratedChild child)
    {
        var day = Day(From, 900);
        for (var n = random.Next(0, 3); n > 0; n--)
        {
            var returned = random.NextDouble() < 0.9 ? day.AddDays(random.Next(0, 4)) : (DateOnly?)null;
            var offered = returned is { } r && random.NextDouble() < 0.8 ? r.AddDays(random.Next(0, 6)) : (DateOnly?)null;
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
    /// send, in the order they were made (none of them is a conference, the only record naming another by the hub's id).
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
                    assessment.Authorised = corrected >= assessment.Start ? corrected : assessment.Start;
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
                changes.Add((child, child.Change(changed, _ => string.Empty)));
                made++;
            }
        }

        return changes;
    }
}
