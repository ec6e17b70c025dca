using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Care;

/// <summary>
/// One child's journey through gRPC against the real hub: referral, assessment, Section 47, conference, a plan,
/// coming into care, two placement moves, a missing episode with a return home interview, CSE risk, a placement
/// order and an adoption order, with the record checked at each step, corrections kept as versions and every access audited.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ChildJourneyTests(HubFixture fixture)
{
    private const string Police = "met-police";
    private const string Health = "nhs-cnwl";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task A_child_goes_from_referral_through_protection_and_care_to_adoption_and_the_record_is_right_at_each_step()
    {
        using var channel = Hub.Channel();
        var care = new CareService.CareServiceClient(channel);
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var worker = Hub.As(ChildRequests.Westminster, "social-worker", "wcc-sam");
        var childId = (await children.RegisterChildAsync(ChildRequests.Child(), worker)).Child.ChildId;
        async Task<GetCareRecordResponse> Read() => await care.GetCareRecordAsync(CareRequests.Read(childId), worker);
        async Task<CareRecordEntry> Save(CareRecordBody body, string reason = "") => (await care.SaveRecordAsync(CareRequests.New(childId, body, reason), worker)).Record;

        // Referral from the police, then a strategy discussion with police and health, and a Section 47 enquiry.
        await Save(new CareRecordBody { Referral = new Referral { ReferralDate = "2025-01-06", Source = "6" } });
        await Save(new CareRecordBody { Assessment = new Assessment { StartDate = "2025-01-07", AuthorisedDate = "2025-02-20", Factors = { "3B", "16A" } } });
        var enquiry = await Save(new CareRecordBody
        {
            Section47 = new Section47Enquiry
            {
                StrategyDiscussionDate = "2025-01-08",
                StrategyAgencies = { ChildRequests.Westminster, Police, Health },
                StartDate = "2025-01-08",
            },
        });
        var afterEnquiry = await Read();
        var assessment = afterEnquiry.Summary.Assessments.Single();
        Assert.Equal("2025-03-10", assessment.DueDate); // 45 working days after the referral
        Assert.Equal("ON_TIME", assessment.Timeliness);
        var timeliness = afterEnquiry.Summary.Section47Enquiries.Single();
        Assert.Equal("2025-01-29", timeliness.ConferenceDueDate); // 15 working days after 8 January 2025
        Assert.True(timeliness.MultiAgencyStrategy);
        Assert.Equal("LATE", timeliness.Timeliness); // no conference recorded yet, and the due day has passed

        // The initial conference, on time, makes a neglect plan; the enquiry is brought up to date as a correction.
        await Save(new CareRecordBody
        {
            Conference = new Conference
            {
                ConferenceDate = "2025-01-27",
                Section47Id = enquiry.RecordId,
                AttendingAgencies = { ChildRequests.Westminster, Police, Health, "school-st-marys" },
                Quorate = true,
                ChildHadAdvocate = true,
                ReportsToParentsDate = "2025-01-24",
                ResultedInPlan = true,
            },
        });
        var corrected = (await care.SaveRecordAsync(CareRequests.Correct(childId, enquiry, new CareRecordBody
        {
            Section47 = new Section47Enquiry(enquiry.Record.Section47) { EndDate = "2025-01-27", Outcome = Section47Outcome.ConferenceToBeHeld },
        }, "Enquiry concluded at the conference"), worker)).Record;
        Assert.Equal(2, corrected.Version);
        var plan = await Save(new CareRecordBody
        {
            Plan = new Plan { Type = PlanType.ChildProtection, StartDate = "2025-01-27", InitialCategory = "NEG", LatestCategory = "NEG" },
        });
        var onPlan = await Read();
        Assert.Equal("ON_TIME", onPlan.Summary.Section47Enquiries.Single().Timeliness);
        Assert.Equal("2025-01-27", onPlan.Summary.Section47Enquiries.Single().ConferenceDate);

        // Coming into care ends the plan; the plan's end is a back-dated correction.
        var firstEpisode = await Save(new CareRecordBody { CareEpisode = CareRequests.Episode("2025-03-10") });
        await care.SaveRecordAsync(CareRequests.Correct(childId, plan, new CareRecordBody
        {
            Plan = new Plan(plan.Record.Plan) { EndDate = "2025-03-10" },
        }, "Plan ended when the child came into care"), worker);
        await Save(new CareRecordBody { CareReview = new CareReview { ReviewDate = "2025-04-01", Participation = "PN1" } });
        var inCare = await Read();
        Assert.True(inCare.Summary.LookedAfter);
        Assert.Equal(string.Empty, inCare.Summary.PlanRecordId);
        Assert.Equal("2025-03-10", inCare.Summary.PeriodOfCareStartDate);

        // Two placement moves, each ending the episode in force and starting the next the same day.
        var firstMove = await care.ChangeEpisodeAsync(Change(childId, "2025-06-02", "P", "U4", "W10"), worker);
        Assert.Equal(firstEpisode.RecordId, firstMove.Ended.RecordId);
        Assert.Equal("2025-06-02", firstMove.Ended.Record.CareEpisode.EndDate);
        Assert.Equal("X1", firstMove.Ended.Record.CareEpisode.ReasonCeased);
        Assert.Equal("C1", firstMove.Started.Record.CareEpisode.LegalStatus); // kept when the move gives none
        await care.ChangeEpisodeAsync(Change(childId, "2025-09-15", "P", "U1", "W12", legalStatus: "C2"), worker);
        var moved = await Read();
        Assert.Equal(3, moved.Summary.Placements);
        Assert.Equal("C2", moved.Summary.LegalStatus);
        Assert.Equal("U1", moved.Summary.PlacementType);

        // Missing for two days; a return home interview offered the day after the return, accepted.
        await Save(new CareRecordBody
        {
            MissingEpisode = new MissingEpisode
            {
                StartDate = "2025-10-01",
                EndDate = "2025-10-03",
                MissingType = "M",
                Interview = new ReturnInterview
                {
                    OfferedDate = "2025-10-04",
                    Accepted = true,
                    ConductedBy = "barnardos",
                    PushFactors = { "conflict with carer" },
                    PullFactors = { "older friends" },
                    Places = { "Shepherd's Bush station" },
                },
            },
        });
        await Save(new CareRecordBody { CseRisk = new CseRisk { AssessedDate = "2025-10-06", Category = "CAT2" } });
        var afterMissing = await Read();
        Assert.Equal("CAT2", afterMissing.Summary.CseCategory);
        Assert.Equal(1, afterMissing.Summary.MissingEpisodes);
        Assert.Equal(1, afterMissing.Summary.InterviewsOfferedInTime);
        Assert.False(afterMissing.Summary.CurrentlyMissing);

        // A placement order (legal status E1, same placement), then matched and placed for adoption.
        await Save(new CareRecordBody { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.DecisionToPlace, MilestoneDate = "2025-11-20" } });
        await care.ChangeEpisodeAsync(Change(childId, "2026-01-12", "L", "U1", "W12", legalStatus: "E1"), worker);
        await Save(new CareRecordBody { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.PlacementOrder, MilestoneDate = "2026-01-12" } });
        var adopterId = Guid.NewGuid().ToString("N");
        await Save(new CareRecordBody { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.Matched, MilestoneDate = "2026-03-02", AdopterId = adopterId } });
        var placed = await care.ChangeEpisodeAsync(Change(childId, "2026-04-13", "P", "A6", "TW9"), worker);
        await Save(new CareRecordBody { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.PlacedForAdoption, MilestoneDate = "2026-04-13", AdopterId = adopterId } });
        var withAdopters = await Read();
        Assert.Equal("E1", withAdopters.Summary.LegalStatus);
        Assert.Equal("A6", withAdopters.Summary.PlacementType);
        Assert.Equal(new DateOnly(2026, 4, 13).DayNumber - new DateOnly(2025, 3, 10).DayNumber, withAdopters.Summary.DaysFromCareToAdoptiveFamily);

        // The adoption order ends the period of care (reason E11).
        await care.SaveRecordAsync(CareRequests.Correct(childId, placed.Started, new CareRecordBody
        {
            CareEpisode = new CareEpisode(placed.Started.Record.CareEpisode) { EndDate = "2026-10-05", ReasonCeased = "E11" },
        }, "Adoption order granted"), worker);
        await Save(new CareRecordBody { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.AdoptionOrder, MilestoneDate = "2026-10-05", AdopterId = adopterId } });
        var adopted = await Read();
        Assert.False(adopted.Summary.LookedAfter);
        Assert.Equal(5, adopted.Records.Count(r => r.Kind == CareRecordKind.CareEpisode));
        Assert.Equal(5, adopted.Records.Count(r => r.Kind == CareRecordKind.AdoptionMilestone));
        Assert.Equal(["2025-03-10", "2025-06-02", "2025-09-15", "2026-01-12", "2026-04-13"],
            adopted.Records.Where(r => r.Kind == CareRecordKind.CareEpisode).Select(r => r.Record.CareEpisode.StartDate));

        // The enquiry's history keeps both versions, with who changed it and why.
        var history = (await care.GetRecordHistoryAsync(new GetRecordHistoryRequest
        {
            ChildId = childId,
            RecordId = enquiry.RecordId,
            Purpose = AccessPurpose.CaseManagement,
        }, worker)).Record;
        Assert.Equal([CareChange.Created, CareChange.Corrected], history.Revisions.Select(r => r.Change));
        Assert.Equal(string.Empty, history.Revisions[0].Record.Section47.EndDate);
        Assert.Equal("2025-01-27", history.Revisions[1].Record.Section47.EndDate);
        Assert.Equal("Enquiry concluded at the conference", history.Revisions[1].Reason);
        Assert.Equal("wcc-sam", history.Revisions[1].By.UserId);
        Assert.Equal(enquiry.RecordId, history.RecordId);

        // Every read and write is in the child's audit trail, and the chain verifies.
        var audit = new AuditService.AuditServiceClient(channel);
        var actions = (await audit.ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId }, worker)).Records.Select(r => r.Action).ToList();
        Assert.Equal(17, actions.Count(a => a == "care.record.save"));
        Assert.Equal(4, actions.Count(a => a == "care.episode.change"));
        Assert.Equal(7, actions.Count(a => a == "care.record.read"));
        Assert.Contains("care.record.history", actions);
        Assert.True((await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = childId }, Hub.As("hub-admin", "administrator"))).Intact);
    }

    private static ChangeEpisodeRequest Change(string childId, string day, string reason, string placement, string postcode, string legalStatus = "") => new()
    {
        ChildId = childId,
        ChangeDate = day,
        ReasonForNewEpisode = reason,
        PlacementType = placement,
        Provider = "PR1",
        PostcodeDistrict = postcode,
        LegalStatus = legalStatus,
        Reason = "Care plan",
    };
}
