using System.Globalization;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Fostering;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains.Fostering;

/// <summary>The persisted state of a foster household: the household and its outbox.</summary>
public sealed class FosterHouseholdState : IFollowUpState
{
    /// <summary>The household, once registered.</summary>
    public FosterHousehold? Household { get; set; }

    /// <inheritdoc />
    public List<FollowUp> FollowUps { get; set; } = [];

    /// <inheritdoc />
    public long LastFollowUp { get; set; }
}

/// <summary>The household as its approving borough's register is to list it (the register keeps the latest).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Household">The household's summary.</param>
public sealed record FosterRegisterFollowUp(long Id, HouseholdSummary Household) : FollowUp(Id);

/// <summary>The child lives with the household now (claimed in the placement index), or (<paramref name="LivesHere"/> false) no longer.</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="ChildId">The child.</param>
/// <param name="LivesHere">Whether the index is to hold the child for this household.</param>
public sealed record PlacementIndexFollowUp(long Id, string ChildId, bool LivesHere) : FollowUp(Id);

/// <summary>
/// One foster household: approval, reviews, capacity and placements, with the history of every change. Each change is
/// stored with what must follow it (its borough's register, the placement index of a child placed or leaving and the
/// audit record of that in the child's trail) in one write, delivered at least once by its outbox (<see cref="Outbox{TState}"/>); re-checks the access policy on every call.
/// </summary>
public sealed class FosterHouseholdGrain(
    [PersistentState("foster-household", StorageNames.Hub)] IPersistentState<FosterHouseholdState> state,
    TimeProvider clock) : OutboxGrain<FosterHouseholdState>(state), IFosterHouseholdGrain
{
    private const string NoHousehold = "no foster household has this id";

    /// <inheritdoc />
    public async Task<CallResult<FosterHousehold>> Register(HouseholdRegistration registration, Caller caller)
    {
        if (State.State.Household is not null)
        {
            return CallResult<FosterHousehold>.Conflict("a household with this id is already registered");
        }

        var access = AccessPolicy.CanManageCarers(caller, registration.ApprovingBorough);
        if (!access.Allowed)
        {
            return CallResult<FosterHousehold>.Denied(access.Reason);
        }

        if (registration.NamedChildId is { } named)
        {
            var child = await GrainFactory.GetGrain<IChildMatchingGrain>(named).ForMatching(AccessPurpose.FosteringMatching, caller);
            if (child.Status != CallStatus.Done)
            {
                return child.Status == CallStatus.NotFound
                    ? CallResult<FosterHousehold>.NotFound("named_child_id", "no child has this id")
                    : CallResult<FosterHousehold>.Denied($"named_child_id: {child.Reason}");
            }
        }

        var household = new FosterHousehold(this.GetPrimaryKeyString(), registration, ApprovalStatus.InAssessment, null, null, [],
            [new HouseholdChange($"registered, in assessment; {Describe(registration.Capacity)}", Stamp(caller))]);
        await Save(household, OwnAudit(HouseholdAudit.Register, caller, access.Reason));
        return CallResult<FosterHousehold>.Done(household, access.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<FosterHousehold>> Get(Caller caller) =>
        Task.FromResult(Managed(caller, out var household, out var found) ? CallResult<FosterHousehold>.Done(household!, found.Reason) : found);

    /// <inheritdoc />
    public Task<CallResult<FosterHousehold>> RecordApproval(ApprovalStatus status, DateOnly on, Caller caller) =>
        Change(HouseholdAudit.Approval, caller, household =>
        {
            if (!HouseholdApproval.CanMove(household.Status, status))
            {
                return CallResult<FosterHousehold>.Conflict($"a household {household.Status} cannot become {status}");
            }

            // No check against the registration day: carers approved before the hub existed are registered with
            // their real approval date.
            if (household.ApprovedOn is { } approved && on < approved)
            {
                return CallResult<FosterHousehold>.Invalid("effective_date", $"is before the household was approved on {Iso(approved)}.");
            }

            if (status == ApprovalStatus.Deregistered && household.Current.Any())
            {
                return CallResult<FosterHousehold>.Conflict("children live with the household; end their placements before deregistering it");
            }

            var changed = household with { Status = status, ApprovedOn = household.ApprovedOn ?? (status == ApprovalStatus.Approved ? on : null) };
            return Done(changed, $"approval: {status} from {Iso(on)}");
        });

    /// <inheritdoc />
    public Task<CallResult<FosterHousehold>> RecordReview(DateOnly on, Caller caller) =>
        Change(HouseholdAudit.Review, caller, household =>
        {
            if (household.ApprovedOn is not { } approved || household.Status == ApprovalStatus.Deregistered)
            {
                return CallResult<FosterHousehold>.Conflict($"a household {household.Status} has no annual review");
            }

            if (on < approved || (household.LastReviewOn is { } last && on <= last))
            {
                return CallResult<FosterHousehold>.Invalid("review_date", "is before the approval or not after the last review.");
            }

            var changed = household with { LastReviewOn = on };
            return Done(changed, $"annual review held {Iso(on)}; next due {Iso(changed.ReviewDue!.Value)}");
        });

    /// <inheritdoc />
    public Task<CallResult<FosterHousehold>> UpdateCapacity(HouseholdCapacity capacity, Caller caller) =>
        Change(HouseholdAudit.Capacity, caller, household =>
        {
            var placed = household.Current.Count();
            if (capacity.Places < placed)
            {
                return CallResult<FosterHousehold>.Conflict($"{placed} children live with the household; places cannot be fewer");
            }

            if (household.Details.Kind == HouseholdKind.ConnectedPersons && capacity.Places != 1)
            {
                return CallResult<FosterHousehold>.Invalid("capacity.places", "must be 1 for connected persons, who are approved for one named child.");
            }

            return Done(household with { Details = household.Details with { Capacity = capacity } }, $"capacity: {Describe(capacity)}");
        });

    /// <inheritdoc />
    public async Task<CallResult<FosterHousehold>> PlaceChild(string childId, DateOnly from, Caller caller)
    {
        if (State.State.Household is not { } household)
        {
            return CallResult<FosterHousehold>.NotFound("household_id", NoHousehold);
        }

        var found = await GrainFactory.GetGrain<IChildMatchingGrain>(childId).ForMatching(AccessPurpose.FosteringMatching, caller);
        if (found.Value is not { } child)
        {
            return found.Status == CallStatus.NotFound
                ? CallResult<FosterHousehold>.NotFound("child_id", "no child has this id")
                : CallResult<FosterHousehold>.Denied(found.Reason);
        }

        var agreements = await GrainFactory.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        var access = AccessPolicy.CanPlaceWithCarers(caller, child.ResponsibleBorough, household.Details.ApprovingBorough, SharedService.Fostering, agreements, Today());
        if (!access.Allowed)
        {
            return CallResult<FosterHousehold>.Denied(access.Reason);
        }

        var refusal = PlacementRefusal(household, child, from);
        if (refusal is not null)
        {
            return refusal;
        }

        var index = GrainFactory.GetGrain<IFosterPlacementIndexGrain>(childId);
        if (await index.Claim(household.HouseholdId) != household.HouseholdId)
        {
            return CallResult<FosterHousehold>.Conflict("the child lives with another household; end that placement first");
        }

        var placement = new FosterPlacement(childId, child.ResponsibleBorough, from, null);
        var placed = Record(household with { Placements = [.. household.Placements, placement] }, $"child {childId} placed from {Iso(from)}", caller);
        try
        {
            await Save(placed, id => new PlacementIndexFollowUp(id, childId, LivesHere: true), PlacementAudit(placed, childId, "fostering.placement.start", caller, access.Reason));
        }
        catch when (State.State.Household == household)
        {
            await index.Release(household.HouseholdId);
            throw;
        }

        return CallResult<FosterHousehold>.Done(placed, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<FosterHousehold>> EndPlacement(string childId, DateOnly to, Caller caller)
    {
        if (State.State.Household is not { } household)
        {
            return CallResult<FosterHousehold>.NotFound("household_id", NoHousehold);
        }

        var placement = household.Current.FirstOrDefault(p => p.ChildId == childId);
        var access = AccessPolicy.CanEndPlacementWithCarers(caller, placement?.ChildBorough ?? household.Details.ApprovingBorough, household.Details.ApprovingBorough);
        if (!access.Allowed)
        {
            return CallResult<FosterHousehold>.Denied(access.Reason);
        }

        if (placement is null)
        {
            return CallResult<FosterHousehold>.Conflict("the child does not live with this household now");
        }

        if (to < placement.From)
        {
            return CallResult<FosterHousehold>.Invalid("end_date", $"is before the placement started on {Iso(placement.From)}.");
        }

        var ended = placement with { To = to };
        var placements = household.Placements.Select(p => ReferenceEquals(p, placement) ? ended : p).ToList();
        var changed = Record(household with { Placements = placements }, $"placement of child {childId} ended {Iso(to)}", caller);
        await Save(changed, id => new PlacementIndexFollowUp(id, childId, LivesHere: false), PlacementAudit(changed, childId, "fostering.placement.end", caller, access.Reason));
        return CallResult<FosterHousehold>.Done(changed, access.Reason);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> Housed()
    {
        await Outbox.Deliver();
        return [.. State.State.Household?.Current.Select(p => p.ChildId) ?? []];
    }

    /// <inheritdoc />
    public Task<bool> Houses(string childId) => Task.FromResult(State.State.Household?.Current.Any(p => p.ChildId == childId) == true);

    /// <summary>Why the child cannot be placed here from <paramref name="from"/>; null when they can.</summary>
    private static CallResult<FosterHousehold>? PlacementRefusal(FosterHousehold household, ChildForMatching child, DateOnly from)
    {
        var details = household.Details;
        string? conflict = null;
        if (household.Status != ApprovalStatus.Approved || household.ApprovedOn > from)
        {
            conflict = $"the household is not approved on {Iso(from)} (it is {household.Status})";
        }
        else if (details.Kind == HouseholdKind.ConnectedPersons && details.NamedChildId != child.ChildId)
        {
            conflict = "connected persons are approved for their named child only";
        }
        else if (household.Current.Any(p => p.ChildId == child.ChildId))
        {
            conflict = "the child already lives with this household";
        }
        else if (FosterVacancies.Count(details.Capacity.Places, household.Current.Count()) == 0)
        {
            conflict = "the household has no vacancy";
        }
        else if (child.KnownBirthDate is not { } birthDate)
        {
            conflict = "the child has no known date of birth, so the household's age range cannot be checked";
        }
        else if (Ages.On(birthDate, from) is var age && (age < details.Capacity.MinAge || age > details.Capacity.MaxAge))
        {
            conflict = $"the child is {age} on {Iso(from)}, outside the household's age range {details.Capacity.MinAge}-{details.Capacity.MaxAge}";
        }

        return conflict is null ? null : CallResult<FosterHousehold>.Conflict(conflict);
    }

    /// <summary>Whether the household exists and the caller manages it; when not, <paramref name="refusal"/> says why.</summary>
    private bool Managed(Caller caller, out FosterHousehold? household, out CallResult<FosterHousehold> refusal)
    {
        household = State.State.Household;
        if (household is null)
        {
            refusal = CallResult<FosterHousehold>.NotFound("household_id", NoHousehold);
            return false;
        }

        var access = AccessPolicy.CanManageCarers(caller, household.Details.ApprovingBorough);
        refusal = access.Allowed ? CallResult<FosterHousehold>.Done(household, access.Reason) : CallResult<FosterHousehold>.Denied(access.Reason);
        return access.Allowed;
    }

    /// <summary>
    /// Checks the caller manages the household, applies <paramref name="change"/>, stamps it in the history and stores
    /// it with its audit record (<paramref name="action"/>) for the household's own trail.
    /// </summary>
    private async Task<CallResult<FosterHousehold>> Change(string action, Caller caller, Func<FosterHousehold, CallResult<FosterHousehold>> change)
    {
        if (!Managed(caller, out var household, out var refusal))
        {
            return refusal;
        }

        var result = change(household!);
        if (result.Value is not { } changed)
        {
            return result;
        }

        var recorded = Record(changed, result.Reason, caller);
        var reason = refusal.Reason + "; " + result.Reason;
        await Save(recorded, OwnAudit(action, caller, reason));
        return CallResult<FosterHousehold>.Done(recorded, reason);
    }

    /// <summary>A change done; its reason is the history entry.</summary>
    private static CallResult<FosterHousehold> Done(FosterHousehold changed, string change) => CallResult<FosterHousehold>.Done(changed, change);

    /// <summary>
    /// The audit record of a placement or its end, for the child's trail: stored with the change and delivered straight
    /// to that trail from this household's subject, so the trail takes it once.
    /// </summary>
    private Func<long, FollowUp> PlacementAudit(FosterHousehold changed, string childId, string action, Caller caller, string reason) => id =>
        new AuditFollowUp(id, new AuditEntry(action, caller.Organisation, caller.Role, caller.UserId, AccessPurpose.FosteringMatching.Name(), null, "done",
            $"household {changed.HouseholdId} of {changed.Details.ApprovingBorough}: {changed.History[^1].Change}; {reason}", clock.GetUtcNow()), AuditSubjects.Child(childId));

    /// <summary>The audit record of a change of the household, for its own trail: stored with the change, taken once by its delivery id.</summary>
    private Func<long, FollowUp> OwnAudit(string action, Caller caller, string reason) => id =>
        new AuditFollowUp(id, new AuditEntry(action, caller.Organisation, caller.Role, caller.UserId, HouseholdAudit.Purpose, null, "done",
            $"household {this.GetPrimaryKeyString()}; {reason}", clock.GetUtcNow()), AuditSubjects.FosterHousehold(this.GetPrimaryKeyString()));

    private FosterHousehold Record(FosterHousehold household, string change, Caller caller) =>
        household with { History = [.. household.History, new HouseholdChange(change, Stamp(caller))] };

    /// <summary>
    /// Stores the household with its summary for the borough's register and <paramref name="followUps"/> in one write,
    /// then delivers them; if the write fails memory keeps the old state.
    /// </summary>
    private Task Save(FosterHousehold household, params Func<long, FollowUp>[] followUps)
    {
        var before = State.State.Household;
        State.State.Household = household;
        return Outbox.Store([.. followUps, id => new FosterRegisterFollowUp(id, household.Summary())], () => State.State.Household = before);
    }

    /// <summary>
    /// Delivers follow-ups of one kind: the register keeps a household's latest summary, the index the latest word on
    /// each child; claiming a child already held, or releasing one already released, changes nothing; a trail takes each
    /// audit record once.
    /// </summary>
    /// <inheritdoc />
    protected override Task DeliverKind(IReadOnlyList<FollowUp> followUps) => followUps[^1] switch
    {
        FosterRegisterFollowUp latest => GrainFactory.GetGrain<IFosterRegisterGrain>(latest.Household.ApprovingBorough).Track(latest.Household),
        PlacementIndexFollowUp => Task.WhenAll(followUps.Cast<PlacementIndexFollowUp>().GroupBy(p => p.ChildId).Select(c => Index(c.Last()))),
        AuditFollowUp or NoteFollowUp => AuditFollowUps.Deliver(GrainFactory, AuditSubjects.FosterHousehold(this.GetPrimaryKeyString()), followUps),
        _ => throw new InvalidOperationException($"No delivery for {followUps[0].GetType().Name}."),
    };

    /// <summary>Claims or releases the child in the placement index for this household.</summary>
    private Task Index(PlacementIndexFollowUp placement)
    {
        var index = GrainFactory.GetGrain<IFosterPlacementIndexGrain>(placement.ChildId);
        return placement.LivesHere ? index.Claim(this.GetPrimaryKeyString()) : index.Release(this.GetPrimaryKeyString());
    }

    private RecordedBy Stamp(Caller caller) => new(caller.Organisation, caller.Role, caller.UserId, clock.GetUtcNow());

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(HouseholdCapacity c) =>
        $"{c.Places} places, ages {c.MinAge}-{c.MaxAge}, sibling groups {(c.TakesSiblingGroups ? "yes" : "no")}, needs [{string.Join(",", c.Needs)}]";
}
