using Grpc.Core;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Fostering.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;
using static PartnershipHub.Host.Tests.Fostering.FosteringScenario;

namespace PartnershipHub.Host.Tests.Fostering;

/// <summary>
/// Foster households, the partnership's vacancy search and placements through gRPC against the real hub on Azurite.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class FosteringTests(HubFixture fixture)
{
    private const string Westminster = ChildRequests.Westminster;
    private const string Lbhf = ChildRequests.HammersmithAndFulham;

    private readonly FosteringScenario scenario = new(fixture.Hub);

    private FosteringService.FosteringServiceClient Fostering => scenario.Fostering;

    [Fact]
    public async Task Westminster_finds_a_Hammersmith_and_Fulham_household_while_they_share_fostering_and_not_once_the_agreement_has_ended()
    {
        var child = await scenario.ChildAged(Westminster, 8);
        var household = await scenario.Approved(Mainstream(Lbhf, "W6"));

        var found = await scenario.Search(Westminster, child, "W6");
        var match = Assert.Single(found.Matches, m => m.Household.HouseholdId == household.HouseholdId);
        Assert.Equal(LocationMatch.SameDistrict, match.Location);
        Assert.Equal(2, match.Household.Vacancies);
        Assert.Empty(match.Household.Placements);
        Assert.Contains(Lbhf, found.BoroughsSearched);

        // The search is in the child's access history, for fostering matching, naming what was returned.
        var audit = new AuditService.AuditServiceClient(fixture.Hub.Channel());
        var records = (await audit.ListChildAccessAsync(new ListChildAccessRequest { ChildId = child }, fixture.Hub.As(Westminster, "mash-practitioner"))).Records;
        var search = Assert.Single(records, r => r.Action == "fostering.vacancies.search");
        Assert.Equal("fostering-matching", search.Purpose);
        Assert.Equal("done", search.Outcome);
        Assert.Contains(household.HouseholdId, search.Detail);

        // An administrator ends the tri-borough fostering agreement two days ago: the household is out of reach.
        var partnerships = new PartnershipService.PartnershipServiceClient(fixture.Hub.Channel());
        var admin = fixture.Hub.As("hub-admin", "administrator");
        var fostering = (await partnerships.ListAgreementsAsync(new ListAgreementsRequest(), admin)).Agreements.Single(a => a.Id == "fostering-triborough");
        var ended = fostering.Clone();
        ended.To = Iso(Today.AddDays(-2));
        try
        {
            await partnerships.SaveAgreementAsync(new SaveAgreementRequest { Agreement = ended }, admin);

            var after = await scenario.Search(Westminster, child, "W6");
            Assert.DoesNotContain(after.Matches, m => m.Household.HouseholdId == household.HouseholdId);
            Assert.Equal([Westminster], after.BoroughsSearched);
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => scenario.Place(household, child, Westminster));
        }
        finally
        {
            await partnerships.SaveAgreementAsync(new SaveAgreementRequest { Agreement = fostering }, admin);
        }

        Assert.Contains((await scenario.Search(Westminster, child, "W6")).Matches, m => m.Household.HouseholdId == household.HouseholdId);
    }

    [Fact]
    public async Task Bad_household_input_is_refused_field_by_field_and_registers_nothing()
    {
        var request = Mainstream(Lbhf, "6W", minAge: 12, maxAge: 4);
        request.Kind = (HouseholdKind)9;
        request.Capacity.Needs.Add((CarerNeed)42);

        // Values the contract does not define are refused on their own, before anything reads the request.
        var undefined = await RpcAssert.Fails(StatusCode.InvalidArgument, () => Fostering.RegisterHouseholdAsync(request, scenario.SocialWorker(Lbhf)).ResponseAsync);
        Assert.Equal(["capacity.needs[0]", "kind"], RpcAssert.Violations(undefined).Select(v => v.Field).Order(StringComparer.Ordinal));

        request.Kind = HouseholdKind.Unspecified;
        request.Capacity.Needs.Clear();
        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => Fostering.RegisterHouseholdAsync(request, scenario.SocialWorker(Lbhf)).ResponseAsync);
        var fields = RpcAssert.Violations(error).Select(v => v.Field).ToList();
        Assert.Contains("kind", fields);
        Assert.Contains("postcode_district", fields);
        Assert.Contains("capacity.max_age", fields);

        var listed = await Fostering.ListHouseholdsAsync(new ListHouseholdsRequest { ApprovingBorough = Lbhf }, scenario.SocialWorker(Lbhf));
        Assert.DoesNotContain(listed.Households, h => h.HouseholdReference == request.HouseholdReference);
    }

    [Fact]
    public async Task Bad_capacity_and_approval_changes_are_refused_and_change_nothing()
    {
        var household = await scenario.Approved(Mainstream(Lbhf, "W12"));
        var worker = scenario.SocialWorker(Lbhf);

        await RpcAssert.InvalidField("capacity.max_age", () => Fostering.UpdateCapacityAsync(new UpdateCapacityRequest
        {
            HouseholdId = household.HouseholdId,
            Capacity = new Capacity { Places = 3, MinAge = 10, MaxAge = 2 },
        }, worker).ResponseAsync);
        await RpcAssert.InvalidField("status", () => Fostering.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = household.HouseholdId,
            Status = (ApprovalStatus)7,
            EffectiveDate = Iso(Today),
        }, worker).ResponseAsync);
        await RpcAssert.InvalidField("effective_date", () => Fostering.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = household.HouseholdId,
            Status = ApprovalStatus.Suspended,
            EffectiveDate = Iso(Today.AddDays(3)),
        }, worker).ResponseAsync);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Fostering.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = household.HouseholdId,
            Status = ApprovalStatus.Approved,
            EffectiveDate = Iso(Today),
        }, worker).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Fostering.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString("N") }, worker).ResponseAsync);

        var unchanged = await scenario.Get(household);
        Assert.Equal(household.Capacity, unchanged.Capacity);
        Assert.Equal(ApprovalStatus.Approved, unchanged.Status);
        Assert.Equal(household.History.Count, unchanged.History.Count);
    }

    [Fact]
    public async Task A_households_changes_are_each_in_its_trail_once_and_a_refused_one_is_recorded_too()
    {
        var household = await scenario.Approved(Mainstream(Lbhf, "W12"));
        var worker = scenario.SocialWorker(Lbhf);
        await Fostering.UpdateCapacityAsync(new UpdateCapacityRequest
        {
            HouseholdId = household.HouseholdId,
            Capacity = new Capacity { Places = 3, MinAge = 5, MaxAge = 12 },
        }, worker);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Fostering.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = household.HouseholdId,
            Status = ApprovalStatus.Approved,
            EffectiveDate = Iso(Today),
        }, worker).ResponseAsync);

        // The household stored the three changes' records with them; the API recorded only the refusal.
        Assert.Equal(
            [("fostering.household.register", "done"), ("fostering.household.approval", "done"), ("fostering.household.capacity", "done"), ("fostering.household.approval", "refused")],
            HubDatabase.Trail(fixture.Hub.Database, "foster-household/" + household.HouseholdId));
    }

    [Fact]
    public async Task A_borough_outside_the_partnership_cannot_manage_a_household_and_the_refusal_changes_nothing()
    {
        var household = await scenario.Approved(Mainstream(Lbhf, "W6"));
        var ealing = scenario.SocialWorker(Ealing);

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Fostering.UpdateCapacityAsync(new UpdateCapacityRequest
        {
            HouseholdId = household.HouseholdId,
            Capacity = new Capacity { Places = 6, MinAge = 0, MaxAge = 17 },
        }, ealing).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Fostering.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = household.HouseholdId,
            Status = ApprovalStatus.Deregistered,
            EffectiveDate = Iso(Today),
        }, ealing).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Fostering.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = household.HouseholdId }, ealing).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Fostering.ListHouseholdsAsync(new ListHouseholdsRequest { ApprovingBorough = Lbhf }, ealing).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Fostering.RegisterHouseholdAsync(Mainstream(Lbhf, "W6"), ealing).ResponseAsync);

        // Nor may Ealing search for, or place, a Westminster child: it does not share fostering with Westminster.
        var child = await scenario.ChildAged(Westminster, 8);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => scenario.Search(Ealing, child));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => scenario.Place(household, child, Ealing));

        var unchanged = await scenario.Get(household);
        Assert.Equal(2, unchanged.Capacity.Places);
        Assert.Equal(ApprovalStatus.Approved, unchanged.Status);
        Assert.Empty(unchanged.Placements);
    }

    [Fact]
    public async Task Placing_a_child_takes_a_vacancy_ending_the_placement_frees_it_and_both_are_in_the_childs_audit_trail()
    {
        var household = await scenario.Approved(Mainstream(Lbhf, "SW6", places: 2));
        var child = await scenario.ChildAged(Westminster, 7);

        var placed = await scenario.Place(household, child, Westminster);
        Assert.Equal(1, placed.Vacancies);
        Assert.Equal(Iso(Today), placed.Placement.FromDate);
        Assert.Empty(placed.Placement.ToDate);

        var other = await scenario.ChildAged(Westminster, 9);
        var seen = Assert.Single((await scenario.Search(Westminster, other, "W6")).Matches, m => m.Household.HouseholdId == household.HouseholdId);
        Assert.Equal(1, seen.Household.Vacancies);
        Assert.Equal(LocationMatch.Elsewhere, seen.Location);

        // Brother and sister together need two places: this household now has one.
        var sister = await scenario.ChildAged(Westminster, 6);
        Assert.DoesNotContain((await scenario.Search(Westminster, other, "", sister)).Matches, m => m.Household.HouseholdId == household.HouseholdId);

        var ended = await Fostering.EndPlacementAsync(new EndPlacementRequest { HouseholdId = household.HouseholdId, ChildId = child, EndDate = Iso(Today) }, scenario.SocialWorker(Westminster));
        Assert.Equal(2, ended.Vacancies);
        Assert.Equal(Iso(Today), ended.Placement.ToDate);

        var after = await scenario.Get(household);
        Assert.Equal(2, after.Vacancies);
        Assert.Contains(after.History, h => h.Change.Contains("placed", StringComparison.Ordinal) && h.Organisation == Westminster);
        Assert.Contains(after.History, h => h.Change.Contains("ended", StringComparison.Ordinal));

        var audit = new AuditService.AuditServiceClient(fixture.Hub.Channel());
        var actions = (await audit.ListChildAccessAsync(new ListChildAccessRequest { ChildId = child }, fixture.Hub.As(Westminster, "mash-practitioner"))).Records.Select(r => r.Action);
        Assert.Contains("fostering.placement.start", actions);
        Assert.Contains("fostering.placement.end", actions);
    }

    [Fact]
    public async Task A_full_household_refuses_another_child_a_placed_child_cannot_be_placed_twice_and_an_end_before_the_start_is_refused_all_changing_nothing()
    {
        var household = await scenario.Approved(Mainstream(Lbhf, "W6", places: 1));
        var first = await scenario.ChildAged(Westminster, 10);
        await scenario.Place(household, first, Westminster);

        var second = await scenario.ChildAged(Westminster, 10);
        var full = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => scenario.Place(household, second, Westminster));
        Assert.Contains("no vacancy", full.Status.Detail);

        await RpcAssert.InvalidField("end_date", () => Fostering.EndPlacementAsync(new EndPlacementRequest
        {
            HouseholdId = household.HouseholdId,
            ChildId = first,
            EndDate = Iso(Today.AddDays(-1)),
        }, scenario.SocialWorker(Westminster)).ResponseAsync);
        await RpcAssert.InvalidField("from_date", () => Fostering.PlaceChildAsync(new PlaceChildRequest
        {
            HouseholdId = household.HouseholdId,
            ChildId = second,
            FromDate = "23/11/2026",
        }, scenario.SocialWorker(Westminster)).ResponseAsync);

        // The first child lives there now, so no other household can take them until the placement ends.
        var another = await scenario.Approved(Mainstream(Lbhf, "W6", places: 1));
        var twice = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => scenario.Place(another, first, Westminster));
        Assert.Contains("another household", twice.Status.Detail);
        Assert.Equal(1, (await scenario.Get(another)).Vacancies);

        var unchanged = await scenario.Get(household);
        var placement = Assert.Single(unchanged.Placements);
        Assert.Equal(first, placement.ChildId);
        Assert.Empty(placement.ToDate);
        Assert.Equal(0, unchanged.Vacancies);
    }

    [Fact]
    public async Task A_child_outside_the_age_range_or_with_no_known_date_of_birth_is_not_matched()
    {
        var household = await scenario.Approved(Mainstream(Westminster, "W2", minAge: 0, maxAge: 4));
        var teenager = await scenario.ChildAged(Westminster, 15);
        Assert.DoesNotContain((await scenario.Search(Westminster, teenager)).Matches, m => m.Household.HouseholdId == household.HouseholdId);
        var tooOld = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => scenario.Place(household, teenager, Westminster));
        Assert.Contains("age range", tooOld.Status.Detail);

        var undated = await scenario.Child(Westminster, null);
        var error = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => scenario.Search(Westminster, undated));
        Assert.Contains("date of birth", error.Status.Detail);
    }

    [Fact]
    public async Task Connected_persons_are_approved_for_their_named_child_only_and_never_offered_by_a_search()
    {
        var named = await scenario.ChildAged(Westminster, 5);
        var request = Mainstream(Westminster, "W9", places: 1, minAge: 0, maxAge: 17);
        request.Kind = HouseholdKind.ConnectedPersons;
        await RpcAssert.InvalidField("named_child_id", () => Fostering.RegisterHouseholdAsync(request, scenario.SocialWorker(Westminster)).ResponseAsync);
        request.NamedChildId = named;
        var household = await scenario.Approved(request);

        Assert.DoesNotContain((await scenario.Search(Westminster, named, "W9")).Matches, m => m.Household.HouseholdId == household.HouseholdId);
        var stranger = await scenario.ChildAged(Westminster, 5);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => scenario.Place(household, stranger, Westminster));
        Assert.Equal(0, (await scenario.Place(household, named, Westminster)).Vacancies);
    }

    [Fact]
    public async Task A_household_approved_over_a_year_ago_is_overdue_for_review_until_the_review_is_recorded()
    {
        var approvedOn = Today.AddMonths(-13);
        var household = await scenario.Approved(Mainstream(Lbhf, "W14"), approvedOn);
        Assert.True(household.ReviewOverdue);
        Assert.Equal(Iso(approvedOn.AddYears(1)), household.ReviewDue);

        var reviewed = (await Fostering.RecordHouseholdReviewAsync(
            new RecordHouseholdReviewRequest { HouseholdId = household.HouseholdId, ReviewDate = Iso(Today) }, scenario.SocialWorker(Lbhf))).Household;
        Assert.False(reviewed.ReviewOverdue);
        Assert.Equal(Iso(Today.AddYears(1)), reviewed.ReviewDue);
        Assert.Equal(Iso(Today), reviewed.LastReviewOn);

        var listed = await Fostering.ListHouseholdsAsync(new ListHouseholdsRequest { ApprovingBorough = Lbhf }, scenario.SocialWorker(Lbhf));
        Assert.Equal(Iso(Today.AddYears(1)), Assert.Single(listed.Households, h => h.HouseholdId == household.HouseholdId).ReviewDue);
    }

    [Fact]
    public async Task The_phub_fostering_commands_register_approve_and_list_a_household()
    {
        var worker = scenario.SocialWorker(Lbhf);
        var reference = "CLI-" + Guid.NewGuid().ToString("N")[..8];
        var registered = (HouseholdResponse)await FosteringCommands.Fostering(Fostering, "register", new Arguments(
            ["--borough", Lbhf, "--kind", "mainstream", "--reference", reference, "--district", "w6", "--places", "2",
             "--min-age", "0", "--max-age", "10", "--siblings", "yes", "--need", "parent-and-child"]), worker);
        Assert.Equal("W6", registered.Household.PostcodeDistrict);
        Assert.Equal([CarerNeed.ParentAndChild], registered.Household.Capacity.Needs);

        var id = registered.Household.HouseholdId;
        await FosteringCommands.Fostering(Fostering, "approval", new Arguments(["--household", id, "--status", "approved", "--date", Iso(Today)]), worker);
        var listed = (ListHouseholdsResponse)await FosteringCommands.Fostering(Fostering, "list", new Arguments([Lbhf]), worker);
        Assert.Equal(ApprovalStatus.Approved, Assert.Single(listed.Households, h => h.HouseholdReference == reference).Status);
    }
}
