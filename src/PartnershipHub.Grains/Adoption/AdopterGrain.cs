using PartnershipHub.Domain.Sharing;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Adoption;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Adoption;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains.Adoption;

/// <summary>The persisted state of an adopter household: its record and its outbox.</summary>
public sealed class AdopterState : IFollowUpState
{
    /// <summary>The household's record, once registered.</summary>
    public Adopter? Adopter { get; set; }

    /// <inheritdoc />
    public List<FollowUp> FollowUps { get; set; } = [];

    /// <inheritdoc />
    public long LastFollowUp { get; set; }
}

/// <summary>The household as its approving borough's adopter roster is to list it (the roster keeps the latest).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Adopter">The household's summary.</param>
public sealed record AdopterRosterFollowUp(long Id, AdopterSummary Adopter) : FollowUp(Id);

/// <summary>The child is matched with this household (held in the child's match claim; holding it again changes nothing).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="ChildId">The child matched.</param>
public sealed record AdoptionMatchFollowUp(long Id, string ChildId) : FollowUp(Id);

/// <summary>
/// One adopter household: milestones, capacity and matches with children. Decides access with
/// <see cref="AccessPolicy"/> against the agreements in force today. Each change is stored with what must follow it
/// (its borough's roster, the match claim of a child matched) in one write, delivered at least once by its outbox
/// (<see cref="Outbox{TState}"/>).
/// </summary>
public sealed class AdopterGrain(
    [PersistentState("adopter", StorageNames.Hub)] IPersistentState<AdopterState> state,
    TimeProvider clock) : OutboxGrain<AdopterState>(state), IAdopterGrain
{
    private const string NoAdopter = "no adopter household has this id";

    /// <inheritdoc />
    public async Task<CallResult<Adopter>> Register(AdopterRegistration registration, Caller caller)
    {
        if (State.State.Adopter is not null)
        {
            return CallResult<Adopter>.Conflict("an adopter household with this id is already registered");
        }

        var access = AccessPolicy.CanManageCarers(caller, registration.ApprovingBorough);
        if (!access.Allowed)
        {
            return CallResult<Adopter>.Denied(access.Reason);
        }

        var problem = AdoptionMilestones.Check(new Dictionary<AdopterMilestone, DateOnly>(), AdopterMilestone.Enquiry, registration.EnquiryDate, Today());
        if (problem is not null)
        {
            return CallResult<Adopter>.Invalid("enquiry_date", problem.Description);
        }

        var by = Stamp(caller);
        var adopter = new Adopter(
            this.GetPrimaryKeyString(), registration.ApprovingBorough, registration.Reference, registration.Capacity,
            [new AdopterMilestoneEntry(AdopterMilestone.Enquiry, registration.EnquiryDate, by)], [],
            [new AdopterChange($"registered; {AdopterMilestone.Enquiry} {registration.EnquiryDate:yyyy-MM-dd}", by)]);
        return await Save(adopter, caller, access.Reason, OwnAudit(AdopterAudit.Register, caller, $"adopter {adopter.AdopterId} registered with {adopter.ApprovingBorough}; {access.Reason}"));
    }

    /// <inheritdoc />
    public async Task<CallResult<Adopter>> Get(Caller caller)
    {
        if (State.State.Adopter is not { } adopter)
        {
            return CallResult<Adopter>.NotFound("adopter_id", NoAdopter);
        }

        var access = AccessPolicy.CanViewAdopter(caller, adopter.ApprovingBorough, await Agreements(), Today());
        if (!access.Allowed)
        {
            return CallResult<Adopter>.Denied(access.Reason);
        }

        return CallResult<Adopter>.Done(adopter.AsSeenBy(caller), access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<Adopter>> RecordMilestone(AdopterMilestone milestone, DateOnly date, Caller caller)
    {
        if (State.State.Adopter is not { } adopter)
        {
            return CallResult<Adopter>.NotFound("adopter_id", NoAdopter);
        }

        var access = AccessPolicy.CanManageCarers(caller, adopter.ApprovingBorough);
        if (!access.Allowed)
        {
            return CallResult<Adopter>.Denied(access.Reason);
        }

        if (milestone is not (AdopterMilestone.Enquiry or AdopterMilestone.Approved))
        {
            return CallResult<Adopter>.Invalid("milestone", "only the household's own milestones (enquiry, approval) are recorded here; a match, placement or adoption order is recorded for the child matched");
        }

        if (Refuse(adopter.Journey(null), milestone, date, "date") is { } refusal)
        {
            return refusal;
        }

        var by = Stamp(caller);
        var changed = adopter with
        {
            Milestones = [.. adopter.Milestones, new AdopterMilestoneEntry(milestone, date, by)],
            History = [.. adopter.History, new AdopterChange($"{milestone} {date:yyyy-MM-dd}", by)],
        };
        return await Save(changed, caller, access.Reason, OwnAudit(AdopterAudit.Milestone, caller, $"{milestone} {date:yyyy-MM-dd}; {access.Reason}"));
    }

    /// <inheritdoc />
    public async Task<CallResult<Adopter>> MatchChild(string childId, DateOnly matchedDate, Caller caller, string? caseReference)
    {
        var (adopter, childBorough, refused) = await CanPlace(childId, caller);
        if (refused is not null)
        {
            return refused;
        }

        if (adopter!.Matches.Any(m => m.ChildId == childId))
        {
            return CallResult<Adopter>.Conflict("the child is already matched with this household");
        }

        if (Refuse(adopter.Journey(null), AdopterMilestone.Matched, matchedDate, "matched_date") is { } refusal)
        {
            return refusal;
        }

        if (adopter.Matches.Count >= adopter.Capacity.Children)
        {
            return CallResult<Adopter>.Conflict($"the household is approved for {adopter.Capacity.Children} children and has {adopter.Matches.Count} matched");
        }

        var child = await GrainFactory.GetGrain<IChildMatchingGrain>(childId).ForMatching(AccessPurpose.AdoptionMatching, caller);
        if (child.Value is null)
        {
            return CallResult<Adopter>.Denied(child.Reason);
        }

        if (child.Value.KnownBirthDate is { } born && Ages.On(born, matchedDate) is var age
            && (age < adopter.Capacity.MinAgeYears || age > adopter.Capacity.MaxAgeYears))
        {
            return CallResult<Adopter>.Conflict(
                $"the child is {age} on the match date; the household is approved for children aged {adopter.Capacity.MinAgeYears} to {adopter.Capacity.MaxAgeYears}");
        }

        var claim = GrainFactory.GetGrain<IChildAdoptionMatchGrain>(childId);
        if (await claim.Claim(adopter.AdopterId) != adopter.AdopterId)
        {
            return CallResult<Adopter>.Conflict("the child is already matched with another adopter household");
        }

        var by = Stamp(caller);
        var changed = adopter with
        {
            Matches = [.. adopter.Matches, new AdoptionMatch(childId, childBorough!, matchedDate, null, null, by)],
            History = [.. adopter.History, new AdopterChange($"{AdopterMilestone.Matched} with child {childId} {matchedDate:yyyy-MM-dd}", by)],
        };
        try
        {
            var reason = $"matched: {childBorough} shares adoption with {adopter.ApprovingBorough}";
            return await Save(changed, caller, reason, id => new AdoptionMatchFollowUp(id, childId),
                ChildAudit(childId, "adoption.match.record", caller, caseReference, $"matched {matchedDate:yyyy-MM-dd}", reason));
        }
        catch
        {
            if (State.State.Adopter == adopter)
            {
                await claim.Release(adopter.AdopterId);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<bool> HasMatch(string childId) =>
        Task.FromResult(State.State.Adopter?.Matches.Any(m => m.ChildId == childId) == true);

    /// <inheritdoc />
    public Task<Adopter?> Record() => Task.FromResult(State.State.Adopter);

    /// <inheritdoc />
    public Task<CallResult<Adopter>> RecordPlaced(string childId, DateOnly placedDate, Caller caller, string? caseReference) =>
        ChangeMatch(childId, AdopterMilestone.Placed, placedDate, "placed_date", caller, m => m with { PlacedDate = placedDate },
            reason => ChildAudit(childId, "adoption.placement.record", caller, caseReference, $"placed for adoption {placedDate:yyyy-MM-dd}", reason));

    /// <inheritdoc />
    public Task<CallResult<Adopter>> RecordAdoptionOrder(string childId, DateOnly orderDate, Caller caller, string? caseReference) =>
        ChangeMatch(childId, AdopterMilestone.AdoptionOrder, orderDate, "adoption_order_date", caller, m => m with { AdoptionOrderDate = orderDate },
            reason => ChildAudit(childId, "adoption.order.record", caller, caseReference, $"adoption order {orderDate:yyyy-MM-dd}", reason));

    /// <summary>Records the next milestone of an existing match, after the access and milestone checks, with its audit record made from the reason.</summary>
    private async Task<CallResult<Adopter>> ChangeMatch(
        string childId, AdopterMilestone milestone, DateOnly date, string field, Caller caller, Func<AdoptionMatch, AdoptionMatch> change, Func<string, Func<long, FollowUp>> audit)
    {
        var (adopter, _, refused) = await CanPlace(childId, caller);
        if (refused is not null)
        {
            return refused;
        }

        var match = adopter!.Matches.FirstOrDefault(m => m.ChildId == childId);
        if (match is null)
        {
            return CallResult<Adopter>.Conflict("the child is not matched with this household; match the child first");
        }

        if (Refuse(adopter.Journey(match), milestone, date, field) is { } refusal)
        {
            return refusal;
        }

        var by = Stamp(caller);
        var changed = adopter with
        {
            Matches = [.. adopter.Matches.Select(m => m == match ? change(m) : m)],
            History = [.. adopter.History, new AdopterChange($"{milestone} child {childId} {date:yyyy-MM-dd}", by)],
        };
        var reason = $"{milestone} recorded";
        return await Save(changed, caller, reason, audit(reason));
    }

    /// <summary>
    /// The audit record of a match or a step after it, for the child's trail: stored with the change and delivered
    /// straight to that trail from this household's subject, so the trail takes it once.
    /// </summary>
    private Func<long, FollowUp> ChildAudit(string childId, string action, Caller caller, string? caseReference, string what, string reason) => id =>
        new AuditFollowUp(id, new AuditEntry(action, caller.Organisation, caller.Role, caller.UserId, AccessPurpose.AdoptionMatching.Name(), caseReference, "done",
            $"{what} with adopter {this.GetPrimaryKeyString()}; {reason}", clock.GetUtcNow()), AuditSubjects.Child(childId));

    /// <summary>The audit record of a change of the household, for its own trail: stored with the change, taken once by its delivery id.</summary>
    private Func<long, FollowUp> OwnAudit(string action, Caller caller, string detail) => id =>
        new AuditFollowUp(id, new AuditEntry(action, caller.Organisation, caller.Role, caller.UserId, AccessPurpose.AdoptionMatching.Name(), null, "done",
            detail, clock.GetUtcNow()), AuditSubjects.Adopter(this.GetPrimaryKeyString()));

    /// <summary>
    /// Finds the household and the child's responsible borough and asks the policy whether the caller may place the
    /// child with the household today; the refusal to answer with when not.
    /// </summary>
    private async Task<(Adopter? Adopter, string? ChildBorough, CallResult<Adopter>? Refused)> CanPlace(string childId, Caller caller)
    {
        // The child first: a call naming no known child is answered before anything is written to a child's trail.
        var childBorough = await GrainFactory.GetGrain<IChildMashGrain>(childId).ResponsibleBorough();
        if (childBorough is null)
        {
            return (null, null, CallResult<Adopter>.NotFound("child_id", "no child has this id"));
        }

        if (State.State.Adopter is not { } adopter)
        {
            return (null, null, CallResult<Adopter>.NotFound("adopter_id", NoAdopter));
        }

        var access = AccessPolicy.CanPlaceWithCarers(caller, childBorough, adopter.ApprovingBorough, SharedService.Adoption, await Agreements(), Today());
        return access.Allowed ? (adopter, childBorough, null) : (null, null, CallResult<Adopter>.Denied(access.Reason));
    }

    /// <summary>The milestone rules' answer as a result: a wrong step is a conflict, a wrong date an invalid field.</summary>
    private CallResult<Adopter>? Refuse(IReadOnlyDictionary<AdopterMilestone, DateOnly> journey, AdopterMilestone milestone, DateOnly date, string field) =>
        AdoptionMilestones.Check(journey, milestone, date, Today()) switch
        {
            null => null,
            { WrongStep: true } problem => CallResult<Adopter>.Conflict(problem.Description),
            var problem => CallResult<Adopter>.Invalid(field, problem.Description),
        };

    /// <summary>
    /// Stores the changed household with its summary for the borough's roster and <paramref name="followUps"/> in one
    /// write, then delivers them; memory never runs ahead of storage. Answers with the household as the caller may see it.
    /// </summary>
    private async Task<CallResult<Adopter>> Save(Adopter changed, Caller caller, string reason, params Func<long, FollowUp>[] followUps)
    {
        var before = State.State.Adopter;
        State.State.Adopter = changed;
        await Outbox.Store([.. followUps, id => new AdopterRosterFollowUp(id, changed.Summary())], () => State.State.Adopter = before);
        return CallResult<Adopter>.Done(changed.AsSeenBy(caller), reason);
    }

    /// <summary>Delivers follow-ups of one kind: the roster keeps the household's latest summary; a match claim held already stays; a trail takes each audit record once.</summary>
    /// <inheritdoc />
    protected override Task DeliverKind(IReadOnlyList<FollowUp> followUps) => followUps[^1] switch
    {
        AdopterRosterFollowUp latest => GrainFactory.GetGrain<IAdopterRosterGrain>(latest.Adopter.ApprovingBorough).Track(latest.Adopter),
        AdoptionMatchFollowUp => Task.WhenAll(followUps.Cast<AdoptionMatchFollowUp>().Select(m => m.ChildId).Distinct().Select(childId =>
            GrainFactory.GetGrain<IChildAdoptionMatchGrain>(childId).Claim(this.GetPrimaryKeyString()))),
        AuditFollowUp or NoteFollowUp => AuditFollowUps.Deliver(GrainFactory, AuditSubjects.Adopter(this.GetPrimaryKeyString()), followUps),
        _ => throw new InvalidOperationException($"No delivery for {followUps[0].GetType().Name}."),
    };

    private RecordedBy Stamp(Caller caller) => new(caller.Organisation, caller.Role, caller.UserId, clock.GetUtcNow());

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    private Task<IReadOnlyList<PartnershipAgreement>> Agreements() =>
        GrainFactory.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
}
