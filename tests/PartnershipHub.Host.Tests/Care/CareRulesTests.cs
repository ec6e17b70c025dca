using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Care;

/// <summary>
/// What the care API refuses, through gRPC against the real hub: bad input is rejected with field detail and
/// changes nothing; stale corrections are aborted; other boroughs read only for a shared service's purpose.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CareRulesTests(HubFixture fixture)
{
    private const string KensingtonAndChelsea = "E09000020";
    private const string Ealing = "E09000009";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Overlapping_episodes_unknown_codes_and_ends_before_starts_are_rejected_with_field_detail_and_change_nothing()
    {
        var (care, childId, worker) = await ChildInCare();
        var before = (await care.GetCareRecordAsync(CareRequests.Read(childId), worker)).Records;

        var overlapping = CareRequests.Episode("2025-04-01");
        await RpcAssert.InvalidField("record.care_episode.start_date", () => Save(care, childId, worker, new() { CareEpisode = overlapping }));
        await RpcAssert.InvalidField("record.care_episode.legal_status", () =>
            Save(care, childId, worker, new() { CareEpisode = CareRequests.Episode("2024-01-01", legalStatus: "C9") }));
        var endedEarly = CareRequests.Episode("2024-01-01");
        endedEarly.EndDate = "2023-12-01";
        endedEarly.ReasonCeased = "E13";
        await RpcAssert.InvalidField("record.care_episode.end_date", () => Save(care, childId, worker, new() { CareEpisode = endedEarly }));
        await RpcAssert.InvalidField("record.plan.end_date", () => Save(care, childId, worker, new()
        {
            Plan = new Plan { Type = PlanType.ChildProtection, StartDate = "2024-05-01", EndDate = "2024-05-01", InitialCategory = "EMO", LatestCategory = "EMO" },
        }));
        await RpcAssert.InvalidField("record.plan.latest_category", () => Save(care, childId, worker, new()
        {
            Plan = new Plan { Type = PlanType.ChildProtection, StartDate = "2024-05-01", InitialCategory = "EMO", LatestCategory = "ABUSE" },
        }));
        await RpcAssert.InvalidField("record.referral.source", () => Save(care, childId, worker, new() { Referral = new Referral { ReferralDate = "2024-02-02", Source = "99" } }));
        await RpcAssert.InvalidField("record.referral.referral_date", () => Save(care, childId, worker, new() { Referral = new Referral { ReferralDate = "2999-01-01", Source = "6" } }));
        await RpcAssert.InvalidField("record.referral.referral_date", () => Save(care, childId, worker, new() { Referral = new Referral { ReferralDate = "02/02/2024", Source = "6" } }));
        await RpcAssert.InvalidField("record.care_review.review_date", () => Save(care, childId, worker, new() { CareReview = new CareReview { ReviewDate = "2024-06-01", Participation = "PN1" } }));
        await RpcAssert.InvalidField("record.conference.section_47_id", () => Save(care, childId, worker, new()
        {
            Conference = new Conference { ConferenceDate = "2025-02-01", Section47Id = Guid.NewGuid().ToString("N"), AttendingAgencies = { ChildRequests.Westminster } },
        }));
        await RpcAssert.InvalidField("record.kind", () => Save(care, childId, worker, new()));
        await RpcAssert.InvalidField("record.assessment.factors[1]", () => Save(care, childId, worker, new()
        {
            Assessment = new Assessment { StartDate = "2025-01-07", AuthorisedDate = "2025-02-20", Factors = { "3B", "99Z" } },
        }));
        await RpcAssert.InvalidField("record.care_leaver_status.activity", () => Save(care, childId, worker, new()
        {
            CareLeaverStatus = new CareLeaverStatus { StatusDate = "2025-09-01", InTouch = "YES", Accommodation = "U", AccommodationSuitable = true },
        }));
        await RpcAssert.InvalidField("record.cse_risk.category", () => Save(care, childId, worker, new() { CseRisk = new CseRisk { AssessedDate = "2025-09-01", Category = "RED" } }));
        await RpcAssert.InvalidField("record.missing_episode.interview", () => Save(care, childId, worker, new()
        {
            MissingEpisode = new MissingEpisode { StartDate = "2025-05-01", MissingType = "M", Interview = new ReturnInterview { OfferedDate = "2025-05-02", Accepted = true } },
        }));
        await RpcAssert.InvalidField("record.adoption_milestone.milestone_date", async () =>
        {
            await Save(care, childId, worker, new() { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.PlacementOrder, MilestoneDate = "2025-06-01" } });
            await Save(care, childId, worker, new() { AdoptionMilestone = new AdoptionMilestone { Step = AdoptionStep.DecisionToPlace, MilestoneDate = "2025-07-01" } });
        });

        var after = (await care.GetCareRecordAsync(CareRequests.Read(childId), worker)).Records;
        Assert.Equal(before.Count + 1, after.Count); // only the placement order milestone was valid
        Assert.Equal(before.Select(r => r.RecordId), after.Where(r => r.Kind != CareRecordKind.AdoptionMilestone).Select(r => r.RecordId));
    }

    [Fact]
    public async Task A_correction_to_an_old_version_is_aborted_and_a_withdrawn_record_stops_counting_but_keeps_its_history()
    {
        var (care, childId, worker) = await ChildInCare();
        var episode = (await care.GetCareRecordAsync(CareRequests.Read(childId), worker)).Records.Single();
        var ended = new CareEpisode(episode.Record.CareEpisode) { EndDate = "2025-08-01", ReasonCeased = "E13" };
        await care.SaveRecordAsync(CareRequests.Correct(childId, episode, new() { CareEpisode = ended }, "Returned home"), worker);

        var stale = await RpcAssert.Fails(StatusCode.Aborted, () =>
            care.SaveRecordAsync(CareRequests.Correct(childId, episode, new() { CareEpisode = ended }, "Same change again"), worker).ResponseAsync);
        Assert.Contains("version 2", stale.Status.Detail);
        await RpcAssert.InvalidField("reason", () =>
            care.SaveRecordAsync(new SaveRecordRequest { ChildId = childId, RecordId = episode.RecordId, ExpectedVersion = 2, Record = new() { CareEpisode = ended } }, worker).ResponseAsync);
        await RpcAssert.InvalidField("record", () => care.SaveRecordAsync(CareRequests.Correct(childId, new CareRecordEntry(episode) { Version = 2 },
            new() { CseRisk = new CseRisk { AssessedDate = "2025-05-01", Category = "CAT1" } }, "Wrong kind"), worker).ResponseAsync);

        await care.WithdrawRecordAsync(new WithdrawRecordRequest { ChildId = childId, RecordId = episode.RecordId, ExpectedVersion = 2, Reason = "Entered on the wrong child" }, worker);
        var read = await care.GetCareRecordAsync(CareRequests.Read(childId), worker);
        Assert.Empty(read.Records);
        Assert.False(read.Summary.LookedAfter);
        var history = (await care.GetRecordHistoryAsync(new GetRecordHistoryRequest
        {
            ChildId = childId,
            RecordId = episode.RecordId,
            Purpose = AccessPurpose.CaseManagement,
        }, worker)).Record;
        Assert.True(history.Withdrawn);
        Assert.Equal([CareChange.Created, CareChange.Corrected, CareChange.Withdrawn], history.Revisions.Select(r => r.Change));
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () =>
            care.WithdrawRecordAsync(new WithdrawRecordRequest { ChildId = childId, RecordId = episode.RecordId, ExpectedVersion = 3, Reason = "Again" }, worker).ResponseAsync);
    }

    [Fact]
    public async Task Only_the_responsible_borough_writes_and_a_fostering_partner_reads_only_for_fostering_matching()
    {
        var (care, childId, _) = await ChildInCare();
        var rbkc = Hub.As(KensingtonAndChelsea, "social-worker", "rbkc-rita");
        var entry = CareRequests.New(childId, new() { CseRisk = new CseRisk { AssessedDate = "2025-05-01", Category = "CAT1" } });
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => care.SaveRecordAsync(entry, rbkc).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => care.GetCareRecordAsync(CareRequests.Read(childId), rbkc).ResponseAsync);

        var matching = new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.FosteringMatching, CaseReference = "PLACE-7" };
        var shared = await care.GetCareRecordAsync(matching, rbkc);
        Assert.Single(shared.Records);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => care.GetCareRecordAsync(matching, Hub.As(Ealing, "social-worker", "ealing-ed")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => care.GetCareRecordAsync(matching, Hub.As(KensingtonAndChelsea, "partnership-analyst")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => care.GetCareRecordAsync(CareRequests.Read(childId), Hub.As("met-police", "agency-responder")).ResponseAsync);
        await RpcAssert.InvalidField("purpose", () => care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId }, rbkc).ResponseAsync);
        // An unknown child is refused as another borough's is, so the answer tells nothing of who exists where.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => care.GetCareRecordAsync(CareRequests.Read(Guid.NewGuid().ToString("N")), rbkc).ResponseAsync);
    }

    /// <summary>A Westminster child in foster care since 10 March 2025.</summary>
    private async Task<(CareService.CareServiceClient Care, string ChildId, Metadata Worker)> ChildInCare()
    {
        var channel = Hub.Channel();
        var care = new CareService.CareServiceClient(channel);
        var worker = Hub.As(ChildRequests.Westminster, "social-worker", "wcc-sam");
        var childId = (await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(ChildRequests.Child(), worker)).Child.ChildId;
        await Save(care, childId, worker, new() { CareEpisode = CareRequests.Episode("2025-03-10") });
        return (care, childId, worker);
    }

    private static Task<SaveRecordResponse> Save(CareService.CareServiceClient care, string childId, Metadata worker, CareRecordBody body) =>
        care.SaveRecordAsync(CareRequests.New(childId, body), worker).ResponseAsync;
}
