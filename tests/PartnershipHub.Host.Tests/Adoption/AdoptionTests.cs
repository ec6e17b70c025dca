using Grpc.Core;
using PartnershipHub.Contracts.Adoption.V1;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;
using static PartnershipHub.Host.Tests.Adoption.AdoptionRequests;

namespace PartnershipHub.Host.Tests.Adoption;

/// <summary>
/// Adopter households and matching, against the real hub on Azurite with the seeded partnership agreements:
/// Hammersmith and Fulham's adoption is the west London regional partnership, Westminster's the bi-borough one.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class AdoptionTests(HubFixture fixture)
{
    private HubProcess Hub => fixture.Hub;

    private AdoptionService.AdoptionServiceClient Client() => new(Hub.Channel());

    [Fact]
    public async Task A_Hammersmith_and_Fulham_child_is_matched_with_Ealing_adopters_but_not_with_Westminster_adopters()
    {
        var adoption = Client();
        var lbhfWorker = Hub.SocialWorker(ChildRequests.HammersmithAndFulham);
        var childId = await Toddler(ChildRequests.HammersmithAndFulham);
        var ealingAdopters = await ApprovedAdopter(SharedServices.Ealing);
        var westminsterAdopters = await ApprovedAdopter(ChildRequests.Westminster);

        // Fostering is still shared with Westminster, adoption is not: the adoption partnership decides.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.MatchChildAsync(
            Match(westminsterAdopters, childId, SharedServices.Day(-1)), lbhfWorker).ResponseAsync);
        var matched = (await adoption.MatchChildAsync(Match(ealingAdopters, childId, SharedServices.Day(-1)), lbhfWorker)).Adopter;

        var match = Assert.Single(matched.Matches);
        Assert.Equal(childId, match.ChildId);
        Assert.Equal(ChildRequests.HammersmithAndFulham, match.ChildBorough);
        Assert.False(matched.Waiting);
        Assert.Empty(matched.History); // a partner borough sees the household without its history
        var westminsterStill = (await adoption.GetAdopterAsync(new GetAdopterRequest { AdopterId = westminsterAdopters }, Hub.SocialWorker(ChildRequests.Westminster))).Adopter;
        Assert.Empty(westminsterStill.Matches);
        Assert.True(westminsterStill.Waiting);

        var trail = await ChildTrail(childId, ChildRequests.HammersmithAndFulham);
        Assert.Contains(trail, r => r is { Action: "adoption.match.record", Outcome: "denied", Purpose: "adoption-matching" } && r.Detail.Contains(ChildRequests.Westminster));
        Assert.Contains(trail, r => r is { Action: "adoption.match.record", Outcome: "done" } && r.Detail.Contains(ealingAdopters));
    }

    [Fact]
    public async Task A_Westminster_child_is_matched_with_Kensington_and_Chelsea_adopters_but_not_with_Ealing_adopters()
    {
        var adoption = Client();
        var worker = Hub.SocialWorker(ChildRequests.Westminster);
        var childId = await Toddler(ChildRequests.Westminster);
        var ealingAdopters = await ApprovedAdopter(SharedServices.Ealing);
        var rbkcAdopters = await ApprovedAdopter(SharedServices.Kensington);

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.MatchChildAsync(Match(ealingAdopters, childId, SharedServices.Day(0)), worker).ResponseAsync);
        Assert.Single((await adoption.MatchChildAsync(Match(rbkcAdopters, childId, SharedServices.Day(0)), worker)).Adopter.Matches);
    }

    [Fact]
    public async Task A_child_matched_with_one_household_cannot_be_matched_with_another()
    {
        var adoption = Client();
        var worker = Hub.SocialWorker(ChildRequests.HammersmithAndFulham);
        var childId = await Toddler(ChildRequests.HammersmithAndFulham);
        var first = await ApprovedAdopter(SharedServices.Ealing);
        var second = await ApprovedAdopter("E09000018");

        await adoption.MatchChildAsync(Match(first, childId, SharedServices.Day(0)), worker);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.MatchChildAsync(Match(second, childId, SharedServices.Day(0)), worker).ResponseAsync);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.MatchChildAsync(Match(first, childId, SharedServices.Day(0)), worker).ResponseAsync);
        Assert.True((await adoption.GetAdopterAsync(new GetAdopterRequest { AdopterId = second }, Hub.SocialWorker("E09000018"))).Adopter.Waiting);
    }

    [Fact]
    public async Task Only_the_childs_own_borough_matches_the_child()
    {
        var childId = await Toddler(ChildRequests.HammersmithAndFulham);
        var ealingAdopters = await ApprovedAdopter(SharedServices.Ealing);

        // Ealing's own social worker manages the household but is not the child's social worker.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Client().MatchChildAsync(
            Match(ealingAdopters, childId, SharedServices.Day(0)), Hub.SocialWorker(SharedServices.Ealing)).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Client().MatchChildAsync(
            Match(ealingAdopters, childId, SharedServices.Day(0)), Hub.As(ChildRequests.HammersmithAndFulham, "mash-manager")).ResponseAsync);
    }

    [Fact]
    public async Task Milestones_out_of_order_are_refused_with_field_detail_and_change_nothing()
    {
        var adoption = Client();
        var ealingWorker = Hub.SocialWorker(SharedServices.Ealing);
        var adopterId = await RegisteredAdopter(SharedServices.Ealing, enquiry: SharedServices.Day(-200));

        // Approval dated before the enquiry; approval in the future.
        await RpcAssert.InvalidField("date", () => adoption.RecordAdopterMilestoneAsync(
            Milestone(adopterId, SharedServices.Day(-201)), ealingWorker).ResponseAsync);
        await RpcAssert.InvalidField("date", () => adoption.RecordAdopterMilestoneAsync(
            Milestone(adopterId, SharedServices.Day(1)), ealingWorker).ResponseAsync);

        // A match before approval is a step out of turn.
        var childId = await Toddler(ChildRequests.HammersmithAndFulham);
        var lbhfWorker = Hub.SocialWorker(ChildRequests.HammersmithAndFulham);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.MatchChildAsync(
            Match(adopterId, childId, SharedServices.Day(-10)), lbhfWorker).ResponseAsync);

        var unchanged = (await adoption.GetAdopterAsync(new GetAdopterRequest { AdopterId = adopterId }, ealingWorker)).Adopter;
        Assert.Equal([AdopterMilestone.Enquiry], unchanged.Milestones.Select(m => m.Milestone));
        Assert.Single(unchanged.History);
        Assert.Empty(unchanged.Matches);

        // Approved properly, then matched: a match dated before the approval names its field too.
        await adoption.RecordAdopterMilestoneAsync(Milestone(adopterId, SharedServices.Day(-100)), ealingWorker);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.RecordAdopterMilestoneAsync(
            Milestone(adopterId, SharedServices.Day(-90)), ealingWorker).ResponseAsync);
        await RpcAssert.InvalidField("matched_date", () => adoption.MatchChildAsync(
            Match(adopterId, childId, SharedServices.Day(-101)), lbhfWorker).ResponseAsync);
        Assert.Empty((await adoption.GetAdopterAsync(new GetAdopterRequest { AdopterId = adopterId }, ealingWorker)).Adopter.Matches);
    }

    [Fact]
    public async Task An_adopters_own_changes_are_each_in_its_trail_once_and_a_refused_one_is_recorded_too()
    {
        var adoption = Client();
        var worker = Hub.SocialWorker(SharedServices.Ealing);
        var adopterId = await RegisteredAdopter(SharedServices.Ealing, enquiry: SharedServices.Day(-200));
        await RpcAssert.InvalidField("date", () => adoption.RecordAdopterMilestoneAsync(Milestone(adopterId, SharedServices.Day(1)), worker).ResponseAsync);
        await adoption.RecordAdopterMilestoneAsync(Milestone(adopterId, SharedServices.Day(-100)), worker);

        // The household stored the two changes' records with them; the API recorded only the refusal.
        Assert.Equal(
            [("adoption.adopter.register", "done"), ("adoption.adopter.milestone", "refused"), ("adoption.adopter.milestone", "done")],
            HubDatabase.Trail(Hub.Database, "adopter/" + adopterId));
    }

    [Fact]
    public async Task A_match_goes_on_to_placement_and_an_adoption_order_in_order()
    {
        var adoption = Client();
        var worker = Hub.SocialWorker(ChildRequests.HammersmithAndFulham);
        var childId = await Toddler(ChildRequests.HammersmithAndFulham);
        var adopterId = await ApprovedAdopter(SharedServices.Ealing);
        var ids = (Adopter: adopterId, Child: childId);

        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.RecordPlacedForAdoptionAsync(
            new RecordPlacedForAdoptionRequest { AdopterId = ids.Adopter, ChildId = ids.Child, PlacedDate = SharedServices.Day(-90) }, worker).ResponseAsync);
        await adoption.MatchChildAsync(Match(ids.Adopter, ids.Child, SharedServices.Day(-100)), worker);
        await RpcAssert.InvalidField("placed_date", () => adoption.RecordPlacedForAdoptionAsync(
            new RecordPlacedForAdoptionRequest { AdopterId = ids.Adopter, ChildId = ids.Child, PlacedDate = SharedServices.Day(-101) }, worker).ResponseAsync);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.RecordAdoptionOrderAsync(
            new RecordAdoptionOrderRequest { AdopterId = ids.Adopter, ChildId = ids.Child, AdoptionOrderDate = SharedServices.Day(-1) }, worker).ResponseAsync);
        await adoption.RecordPlacedForAdoptionAsync(
            new RecordPlacedForAdoptionRequest { AdopterId = ids.Adopter, ChildId = ids.Child, PlacedDate = SharedServices.Day(-80) }, worker);

        // Less than ten weeks with the adopters: too soon for an order.
        await RpcAssert.InvalidField("adoption_order_date", () => adoption.RecordAdoptionOrderAsync(
            new RecordAdoptionOrderRequest { AdopterId = ids.Adopter, ChildId = ids.Child, AdoptionOrderDate = SharedServices.Day(-20) }, worker).ResponseAsync);
        var adopted = (await adoption.RecordAdoptionOrderAsync(
            new RecordAdoptionOrderRequest { AdopterId = ids.Adopter, ChildId = ids.Child, AdoptionOrderDate = SharedServices.Day(-5) }, worker)).Adopter;

        var match = Assert.Single(adopted.Matches);
        Assert.Equal((SharedServices.Day(-100), SharedServices.Day(-80), SharedServices.Day(-5)), (match.MatchedDate, match.PlacedDate, match.AdoptionOrderDate));
        Assert.Equal(
            [AdopterMilestone.Enquiry, AdopterMilestone.Approved, AdopterMilestone.Matched, AdopterMilestone.Placed, AdopterMilestone.AdoptionOrder],
            adopted.Milestones.Select(m => m.Milestone));

        var history = (await adoption.GetAdopterAsync(new GetAdopterRequest { AdopterId = ids.Adopter }, Hub.SocialWorker(SharedServices.Ealing))).Adopter.History;
        Assert.Equal(5, history.Count);
        Assert.All(history.Skip(2), h => Assert.Equal(ChildRequests.HammersmithAndFulham, h.By.Organisation));
    }

    [Fact]
    public async Task The_adoption_partnership_lists_a_boroughs_waiting_adopters_and_others_are_refused()
    {
        var adoption = Client();
        var waiting = await ApprovedAdopter(SharedServices.Ealing, children: 2, maxAge: 4);
        var olderChildren = await ApprovedAdopter(SharedServices.Ealing, children: 1, maxAge: 12);
        var notApproved = await RegisteredAdopter(SharedServices.Ealing, enquiry: SharedServices.Day(-30));

        var request = new ListWaitingAdoptersRequest { ApprovingBorough = SharedServices.Ealing, PageSize = 500 };
        var all = (await adoption.ListWaitingAdoptersAsync(request, Hub.SocialWorker(ChildRequests.HammersmithAndFulham))).Adopters.Select(a => a.AdopterId).ToList();
        Assert.Contains(waiting, all);
        Assert.Contains(olderChildren, all);
        Assert.DoesNotContain(notApproved, all);

        var siblings = request.Clone();
        siblings.ChildAgeYears = 3;
        siblings.SiblingGroupSize = 2;
        var forSiblings = (await adoption.ListWaitingAdoptersAsync(siblings, Hub.SocialWorker(SharedServices.Ealing))).Adopters.Select(a => a.AdopterId).ToList();
        Assert.Contains(waiting, forSiblings);
        Assert.DoesNotContain(olderChildren, forSiblings);

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.ListWaitingAdoptersAsync(request, Hub.SocialWorker(ChildRequests.Westminster)).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.ListWaitingAdoptersAsync(request, Hub.As(SharedServices.Ealing, "mash-practitioner")).ResponseAsync);
    }

    [Fact]
    public async Task Bad_registrations_are_refused_field_by_field_and_another_borough_cannot_register_or_approve()
    {
        var adoption = Client();
        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => adoption.RegisterAdopterAsync(new RegisterAdopterRequest
        {
            ApprovingBorough = "E09999999",
            EnquiryDate = "23/11/2026",
            Preferences = new AdopterPreferences { Children = 0, MinAgeYears = 5, MaxAgeYears = 2 },
        }, Hub.SocialWorker(SharedServices.Ealing)).ResponseAsync);
        Assert.Equal(
            ["approving_borough", "reference", "enquiry_date", "preferences.children", "preferences.max_age_years"],
            RpcAssert.Violations(error).Select(v => v.Field));

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.RegisterAdopterAsync(
            Registration(SharedServices.Ealing, SharedServices.Day(-10)), Hub.SocialWorker(ChildRequests.HammersmithAndFulham)).ResponseAsync);
        var adopterId = await RegisteredAdopter(SharedServices.Ealing, SharedServices.Day(-10));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.RecordAdopterMilestoneAsync(
            Milestone(adopterId, SharedServices.Day(-1)), Hub.SocialWorker(ChildRequests.HammersmithAndFulham)).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.GetAdopterAsync(
            new GetAdopterRequest { AdopterId = Guid.NewGuid().ToString("N") }, Hub.SocialWorker(SharedServices.Ealing)).ResponseAsync);
        // An unknown child is refused as another borough's child is: no oracle of who exists where.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => adoption.MatchChildAsync(
            Match(adopterId, Guid.NewGuid().ToString("N"), SharedServices.Day(0)), Hub.SocialWorker(SharedServices.Ealing)).ResponseAsync);
    }

    [Fact]
    public async Task A_child_older_than_the_household_is_approved_for_is_not_matched()
    {
        var adoption = Client();
        var worker = Hub.SocialWorker(ChildRequests.Westminster);
        var tenYearOld = await Hub.RegisterChild(ChildRequests.Westminster, SharedServices.Day(-3660));
        var adopters = await ApprovedAdopter(SharedServices.Kensington, maxAge: 4);

        var refused = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => adoption.MatchChildAsync(Match(adopters, tenYearOld, SharedServices.Day(0)), worker).ResponseAsync);
        Assert.Contains("aged 0 to 4", refused.Status.Detail);
        Assert.True((await adoption.GetAdopterAsync(new GetAdopterRequest { AdopterId = adopters }, Hub.SocialWorker(SharedServices.Kensington))).Adopter.Waiting);
    }

    /// <summary>A child of <paramref name="borough"/> born about two years ago, of an age adopters are usually approved for.</summary>
    private Task<string> Toddler(string borough) => Hub.RegisterChild(borough, SharedServices.Day(-800));

    private Task<string> RegisteredAdopter(string borough, string enquiry, int children = 1, int maxAge = 4) => Hub.RegisteredAdopter(borough, enquiry, children, maxAge);

    private Task<string> ApprovedAdopter(string borough, int children = 1, int maxAge = 4) => Hub.ApprovedAdopter(borough, children, maxAge);

    private async Task<IReadOnlyList<AuditRecord>> ChildTrail(string childId, string borough) =>
        (await new AuditService.AuditServiceClient(Hub.Channel())
            .ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId }, Hub.As(borough, "mash-practitioner"))).Records;
}
