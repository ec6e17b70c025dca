using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Adoption;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Adoption;
using PartnershipHub.Domain.Fostering;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Fostering;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// A foster placement, an adoption match and a registration's possible-duplicate note, with the store failing at each
/// step in turn or the hub going down before the sender forgets what it delivered: after a restart and the follow-ups'
/// retry, the household's (adopter's, child's) own record and what is derived from it (placement index, foster
/// register, adopter roster, match claim, the other child's verified trail) agree, and nothing is there twice
/// (private fostering registers: <see cref="PrivateFosteringFollowUpTests"/>).
/// </summary>
public sealed class CarerFollowUpTests : IAsyncLifetime
{
    private const string Westminster = "E09000033";
    private const string Camden = "E09000007";
    private static readonly Caller SocialWorker = new(Westminster, HubRoles.SocialWorker, "sw.one");
    private static readonly Caller Practitioner = new(Westminster, HubRoles.MashPractitioner, "jo.bloggs");

    private ChildSilo silo = null!;

    public async Task InitializeAsync() => silo = await ChildSilo.Start();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task A_placement_whose_register_write_failed_is_in_the_index_and_on_the_register_once_after_a_restart()
    {
        var (childId, householdId) = (await Child(), await ApprovedHousehold());
        silo.Faults.FailStates("foster-register");
        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);
        Assert.True(silo.Faults.Refused > 0, "the register's write was tried and refused");

        silo.Faults.Heal();
        await silo.Restart();
        await Settle(Household(householdId));

        await AssertPlacementsAgree(householdId, childId, placed: 1);
    }

    [Fact]
    public async Task An_ended_placement_whose_index_and_register_writes_failed_frees_the_child_once_after_a_restart()
    {
        var (childId, householdId) = (await Child(), await ApprovedHousehold());
        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);

        silo.Faults.FailStates("foster-placement", "foster-register");
        Assert.Equal(CallStatus.Done, (await Household(householdId).EndPlacement(childId, new DateOnly(2025, 9, 1), SocialWorker)).Status);
        Assert.Equal(householdId, await Index(childId).Claim("someone-else"));

        silo.Faults.Heal();
        await silo.Restart();
        await Settle(Household(householdId));

        await AssertPlacementsAgree(householdId, childId, placed: 0);
    }

    [Fact]
    public async Task A_placement_whose_own_write_fails_leaves_the_child_free_and_goes_through_once_when_tried_again()
    {
        var (childId, householdId) = (await Child(), await ApprovedHousehold());
        silo.Faults.FailStates("foster-household");
        await Assert.ThrowsAnyAsync<Exception>(() => Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker));
        silo.Faults.Heal();
        await AssertPlacementsAgree(householdId, childId, placed: 0);

        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);
        await silo.Restart();
        await Settle(Household(householdId));
        await AssertPlacementsAgree(householdId, childId, placed: 1);
        await AssertTrail(childId, "child.register", "fostering.placement.start");
    }

    [Fact]
    public async Task A_placement_delivered_but_still_in_the_households_row_after_a_crash_is_applied_once_when_sent_again()
    {
        var (childId, householdId) = (await Child(), await ApprovedHousehold());
        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);

        silo.Faults.FailStates("foster-household");
        await silo.Restart();
        Assert.True(silo.Faults.Refused > 0, "the row kept its delivered follow-ups");
        silo.Faults.Heal();
        await Settle(Household(householdId));

        await AssertPlacementsAgree(householdId, childId, placed: 1);
        await AssertTrail(childId, "child.register", "fostering.placement.start");
    }

    [Fact]
    public async Task A_placement_and_its_end_whose_audit_failed_are_in_the_childs_verified_trail_once_after_a_restart()
    {
        var (childId, householdId) = (await Child(), await ApprovedHousehold());
        silo.Faults.FailAudit();
        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);
        Assert.Equal(CallStatus.Done, (await Household(householdId).EndPlacement(childId, new DateOnly(2025, 9, 1), SocialWorker)).Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");

        await RestartBeforeEitherForgets("foster-household", () => Household(householdId), childId);

        await AssertPlacementsAgree(householdId, childId, placed: 0);
        await AssertTrail(childId, "child.register", "fostering.placement.start", "fostering.placement.end");
    }

    [Fact]
    public async Task A_match_whose_roster_write_failed_is_on_the_roster_and_holds_the_child_once_after_a_restart()
    {
        var (childId, adopterId) = (await Child(), await ApprovedAdopter());
        silo.Faults.FailStates("adopter-roster");
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).MatchChild(childId, new DateOnly(2025, 9, 1), SocialWorker, "CASE-1")).Status);
        Assert.True(silo.Faults.Refused > 0, "the roster's write was tried and refused");

        silo.Faults.Heal();
        await silo.Restart();
        await Settle(Adopter(adopterId));

        await AssertMatchAgrees(adopterId, childId, matches: 1);
    }

    [Fact]
    public async Task A_match_whose_own_write_fails_leaves_the_child_unmatched_and_goes_through_once_when_tried_again()
    {
        var (childId, adopterId) = (await Child(), await ApprovedAdopter());
        silo.Faults.FailStates("adopter");
        await Assert.ThrowsAnyAsync<Exception>(() => Adopter(adopterId).MatchChild(childId, new DateOnly(2025, 9, 1), SocialWorker, "CASE-1"));
        silo.Faults.Heal();
        await AssertMatchAgrees(adopterId, childId, matches: 0);

        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).MatchChild(childId, new DateOnly(2025, 9, 1), SocialWorker, "CASE-1")).Status);
        await silo.Restart();
        await Settle(Adopter(adopterId));
        await AssertMatchAgrees(adopterId, childId, matches: 1);
        await AssertTrail(childId, "child.register", "adoption.match.record");
    }

    [Fact]
    public async Task A_match_delivered_but_still_in_the_adopters_row_after_a_crash_is_applied_once_when_sent_again()
    {
        var (childId, adopterId) = (await Child(), await ApprovedAdopter());
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).MatchChild(childId, new DateOnly(2025, 9, 1), SocialWorker, "CASE-1")).Status);

        silo.Faults.FailStates("adopter");
        await silo.Restart();
        Assert.True(silo.Faults.Refused > 0, "the row kept its delivered follow-ups");
        silo.Faults.Heal();
        await Settle(Adopter(adopterId));

        await AssertMatchAgrees(adopterId, childId, matches: 1);
        await AssertTrail(childId, "child.register", "adoption.match.record");
    }

    [Fact]
    public async Task A_match_and_placement_whose_audit_failed_are_in_the_childs_verified_trail_once_after_a_restart()
    {
        var (childId, adopterId) = (await Child(), await ApprovedAdopter());
        silo.Faults.FailAudit();
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).MatchChild(childId, new DateOnly(2025, 9, 1), SocialWorker, "CASE-1")).Status);
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).RecordPlaced(childId, new DateOnly(2025, 10, 1), SocialWorker, "CASE-1")).Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");

        await RestartBeforeEitherForgets("adopter", () => Adopter(adopterId), childId);

        await AssertMatchAgrees(adopterId, childId, matches: 1);
        await AssertTrail(childId, "child.register", "adoption.match.record", "adoption.placement.record");
        Assert.All((await silo.Grains.GetGrain<IAuditTrailGrain>(AuditSubjects.Child(childId)).Read(2, 2)).Select(r => r.Entry.CaseReference), c => Assert.Equal("CASE-1", c));
    }

    [Fact]
    public async Task A_child_placed_by_a_household_and_matched_by_an_adopter_has_both_records_once_after_a_restart()
    {
        var (childId, householdId, adopterId) = (await Child(), await ApprovedHousehold(), await ApprovedAdopter());
        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).MatchChild(childId, new DateOnly(2025, 9, 1), SocialWorker, "CASE-1")).Status);

        // Both carers send again after the restart: the child tells their delivery ids apart by sender.
        await RestartBeforeEitherForgets("foster-household", () => Household(householdId), childId);
        await Settle(Adopter(adopterId));
        await SettleChild(childId);

        await AssertTrail(childId, "child.register", "fostering.placement.start", "adoption.match.record");
    }

    [Fact]
    public async Task A_possible_duplicate_note_whose_audit_failed_is_in_the_other_childs_verified_trail_once_after_a_restart()
    {
        const string nhsNumber = "9434765919";
        var holder = await Child(nhsNumber);
        var camden = new Caller(Camden, HubRoles.MashPractitioner, "cam.one");

        silo.Faults.FailAudit();
        var childId = Guid.NewGuid().ToString("N");
        var registered = await silo.Grains.GetGrain<IChildGrain>(childId).Register(Registration(Camden, nhsNumber), AccessPurpose.CaseManagement, camden);
        Assert.Equal(RegistrationStatus.Registered, registered.Status);
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");

        // The hub goes down before either child forgets what it delivered: the note is sent again after the restart.
        silo.Faults.FailStates("child");
        await silo.Restart();
        silo.Faults.Heal();
        await SettleChild(childId);
        await SettleChild(holder);

        await AssertTrail(holder, "child.register", "child.identifier.used-elsewhere");
        await AssertTrail(childId, "child.register");
    }

    [Fact]
    public async Task A_placement_note_pending_in_a_households_row_of_the_previous_build_goes_straight_to_the_childs_trail_once()
    {
        var (childId, householdId) = (await Child(), await ApprovedHousehold());
        silo.Faults.FailAudit();
        Assert.Equal(CallStatus.Done, (await Household(householdId).PlaceChild(childId, new DateOnly(2025, 6, 1), SocialWorker)).Status);
        await silo.Restart();

        // The row as the previous build stored it: the child's record as a note for the child to take.
        var storage = silo.GrainStorage;
        var row = new GrainState<FosterHouseholdState>();
        await storage.ReadStateAsync("foster-household", Household(householdId).GetGrainId(), row);
        var followUps = row.State!.FollowUps;
        var pending = Assert.IsType<AuditFollowUp>(Assert.Single(followUps, f => f is AuditFollowUp));
        followUps[followUps.IndexOf(pending)] = new NoteFollowUp(pending.Id, childId, pending.Entry);
        await storage.WriteStateAsync("foster-household", Household(householdId).GetGrainId(), row);

        silo.Faults.Heal();
        await RestartBeforeEitherForgets("foster-household", () => Household(householdId), childId);
        await RestartBeforeEitherForgets("foster-household", () => Household(householdId), childId);

        await AssertTrail(childId, "child.register", "fostering.placement.start");
    }

    [Fact]
    public async Task A_households_registration_and_approval_whose_audit_failed_are_in_its_own_verified_trail_once_after_a_restart()
    {
        silo.Faults.FailAudit();
        var householdId = await ApprovedHousehold();
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");
        silo.Faults.Heal();

        // Delivered after the first restart; sent again after the second, as the row still holds them.
        await RestartBeforeItForgets("foster-household", () => Household(householdId));
        await RestartBeforeItForgets("foster-household", () => Household(householdId));

        await AssertChain(AuditSubjects.FosterHousehold(householdId), HouseholdAudit.Register, HouseholdAudit.Approval);
    }

    [Fact]
    public async Task A_review_whose_own_write_fails_leaves_no_record_in_the_households_trail_and_has_one_when_tried_again()
    {
        var householdId = await ApprovedHousehold();
        silo.Faults.FailStates("foster-household");
        await Assert.ThrowsAnyAsync<Exception>(() => Household(householdId).RecordReview(new DateOnly(2025, 12, 1), SocialWorker));
        silo.Faults.Heal();
        await Settle(Household(householdId));
        await AssertChain(AuditSubjects.FosterHousehold(householdId), HouseholdAudit.Register, HouseholdAudit.Approval);

        Assert.Equal(CallStatus.Done, (await Household(householdId).RecordReview(new DateOnly(2025, 12, 1), SocialWorker)).Status);
        await RestartBeforeItForgets("foster-household", () => Household(householdId));

        await AssertChain(AuditSubjects.FosterHousehold(householdId), HouseholdAudit.Register, HouseholdAudit.Approval, HouseholdAudit.Review);
        Assert.Equal(new DateOnly(2025, 12, 1), (await Household(householdId).Get(SocialWorker)).Value!.LastReviewOn);
    }

    [Fact]
    public async Task An_adopters_registration_and_approval_whose_audit_failed_are_in_its_own_verified_trail_once_after_a_restart()
    {
        silo.Faults.FailAudit();
        var adopterId = await ApprovedAdopter();
        Assert.True(silo.Faults.Refused > 0, "the audit appends were tried and refused");
        silo.Faults.Heal();

        await RestartBeforeItForgets("adopter", () => Adopter(adopterId));
        await RestartBeforeItForgets("adopter", () => Adopter(adopterId));

        await AssertChain(AuditSubjects.Adopter(adopterId), AdopterAudit.Register, AdopterAudit.Milestone);
    }

    [Fact]
    public async Task An_approval_whose_own_write_fails_leaves_no_record_in_the_adopters_trail_and_has_one_when_tried_again()
    {
        var adopterId = Guid.NewGuid().ToString("N");
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).Register(new AdopterRegistration(Westminster, "AD-1", new DateOnly(2025, 1, 6), new AdopterCapacity(2, 0, 17)), SocialWorker)).Status);
        silo.Faults.FailStates("adopter");
        await Assert.ThrowsAnyAsync<Exception>(() => Adopter(adopterId).RecordMilestone(AdopterMilestone.Approved, new DateOnly(2025, 6, 2), SocialWorker));
        silo.Faults.Heal();
        await Settle(Adopter(adopterId));
        await AssertChain(AuditSubjects.Adopter(adopterId), AdopterAudit.Register);

        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).RecordMilestone(AdopterMilestone.Approved, new DateOnly(2025, 6, 2), SocialWorker)).Status);
        await RestartBeforeItForgets("adopter", () => Adopter(adopterId));

        await AssertChain(AuditSubjects.Adopter(adopterId), AdopterAudit.Register, AdopterAudit.Milestone);
    }

    private IFosterHouseholdGrain Household(string id) => silo.Grains.GetGrain<IFosterHouseholdGrain>(id);

    private IFosterPlacementIndexGrain Index(string childId) => silo.Grains.GetGrain<IFosterPlacementIndexGrain>(childId);

    private IAdopterGrain Adopter(string id) => silo.Grains.GetGrain<IAdopterGrain>(id);

    /// <summary>Lets the grain deliver what it holds (as its timer or next activation would); every follow-up goes.</summary>
    private static async Task Settle(IOutboxGrain grain) => Assert.Equal(0, await grain.DeliverFollowUps());

    /// <summary>The hub goes down before the carers or the child forget what they delivered, so they send it again; then the carer and child settle.</summary>
    private async Task RestartBeforeEitherForgets(string carerState, Func<IOutboxGrain> carer, string childId)
    {
        await RestartBeforeItForgets(carerState, carer, "adopter", "child");
        await SettleChild(childId);
    }

    /// <summary>The hub goes down before the carer (and the other grains named) forget what they delivered, so they send it again; then the carer settles.</summary>
    private async Task RestartBeforeItForgets(string carerState, Func<IOutboxGrain> carer, params string[] others)
    {
        silo.Faults.FailStates([carerState, .. others]);
        await silo.Restart();
        silo.Faults.Heal();
        await Settle(carer());
    }

    private async Task SettleChild(string childId) => Assert.Equal(0, (await silo.Grains.GetGrain<IChildDerivedGrain>(childId).Derived())!.Undelivered);

    private async Task<string> Child(string? nhsNumber = null)
    {
        var childId = Guid.NewGuid().ToString("N");
        var registered = await silo.Grains.GetGrain<IChildGrain>(childId).Register(Registration(Westminster, nhsNumber), AccessPurpose.CaseManagement, Practitioner);
        Assert.Equal(RegistrationStatus.Registered, registered.Status);
        return childId;
    }

    private static ChildRegistration Registration(string borough, string? nhsNumber) =>
        new(borough, "Sam", "Example", BirthDateStatus.Known, new DateOnly(2015, 4, 1), nhsNumber, null, []);

    private async Task<string> ApprovedHousehold()
    {
        var householdId = Guid.NewGuid().ToString("N");
        var capacity = new HouseholdCapacity(2, 0, 17, false, []);
        Assert.Equal(CallStatus.Done, (await Household(householdId).Register(new HouseholdRegistration(Westminster, HouseholdKind.Mainstream, null, "FH-1", "W2", capacity), SocialWorker)).Status);
        Assert.Equal(CallStatus.Done, (await Household(householdId).RecordApproval(ApprovalStatus.Approved, new DateOnly(2025, 1, 6), SocialWorker)).Status);
        return householdId;
    }

    private async Task<string> ApprovedAdopter()
    {
        var adopterId = Guid.NewGuid().ToString("N");
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).Register(new AdopterRegistration(Westminster, "AD-1", new DateOnly(2025, 1, 6), new AdopterCapacity(2, 0, 17)), SocialWorker)).Status);
        Assert.Equal(CallStatus.Done, (await Adopter(adopterId).RecordMilestone(AdopterMilestone.Approved, new DateOnly(2025, 6, 2), SocialWorker)).Status);
        return adopterId;
    }

    /// <summary>The household's placements, the child's placement index and the borough's register say the same.</summary>
    private async Task AssertPlacementsAgree(string householdId, string childId, int placed)
    {
        var household = (await Household(householdId).Get(SocialWorker)).Value!;
        Assert.Equal(placed, household.Current.Count(p => p.ChildId == childId));
        var summary = Assert.Single(await silo.Grains.GetGrain<IFosterRegisterGrain>(Westminster).Households(), h => h.HouseholdId == householdId);
        Assert.Equal((placed, ApprovalStatus.Approved), (summary.Placed, summary.Status));

        // The index holds the child for the household exactly when it lives there: another household may claim a child free.
        Assert.Equal(placed == 1 ? householdId : null, await Holder(Index(childId).Claim, Index(childId).Release));
    }

    /// <summary>The adopter's matches, the borough's roster and the child's match claim say the same.</summary>
    private async Task AssertMatchAgrees(string adopterId, string childId, int matches)
    {
        var adopter = (await Adopter(adopterId).Get(SocialWorker)).Value!;
        Assert.Equal(matches, adopter.Matches.Count(m => m.ChildId == childId));
        var listed = Assert.Single(await silo.Grains.GetGrain<IAdopterRosterGrain>(Westminster).All(), a => a.AdopterId == adopterId);
        Assert.Equal(matches, listed.Matches);
        var claim = silo.Grains.GetGrain<IChildAdoptionMatchGrain>(childId);
        Assert.Equal(matches == 1 ? adopterId : null, await Holder(claim.Claim, claim.Release));
    }

    /// <summary>Who holds a claim (null when free), found by claiming it for a probe and giving the probe's claim back.</summary>
    private static async Task<string?> Holder(Func<string, Task<string>> claim, Func<string, Task> release)
    {
        const string probe = "probe";
        var holder = await claim(probe);
        if (holder == probe)
        {
            await release(probe);
            return null;
        }

        return holder;
    }

    /// <summary>The child's chain verifies and holds exactly these actions, in this order.</summary>
    private Task AssertTrail(string childId, params string[] actions) => AssertChain(AuditSubjects.Child(childId), actions);

    /// <summary>The chain of <paramref name="subject"/> verifies and holds exactly these actions, in this order.</summary>
    private async Task AssertChain(string subject, params string[] actions)
    {
        var trail = silo.Grains.GetGrain<IAuditTrailGrain>(subject);
        var verification = await trail.Verify();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(actions, (await trail.Read(1, 100)).Select(r => r.Entry.Action));
    }
}
