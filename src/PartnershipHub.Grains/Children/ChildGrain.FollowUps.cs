using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Grains.Children;

/// <summary>
/// Something that must follow a stored change of a child: stored in the child's row in the same write as the change,
/// then delivered at least once. <see cref="Id"/> is its delivery id; ids only grow, and each target applies a
/// follow-up so that a repeat changes nothing (by the id, or because what it says is already so).
/// </summary>
/// <param name="Id">The delivery id.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AuditFollowUp), "audit")]
[JsonDerivedType(typeof(FeedFollowUp), "feed")]
[JsonDerivedType(typeof(MeasuresFollowUp), "measures")]
[JsonDerivedType(typeof(InboxFollowUp), "inbox")]
[JsonDerivedType(typeof(BoardFollowUp), "board")]
[JsonDerivedType(typeof(RosterFollowUp), "roster")]
[JsonDerivedType(typeof(NoteFollowUp), "note")]
[JsonDerivedType(typeof(Fostering.FosterRegisterFollowUp), "foster-register")]
[JsonDerivedType(typeof(Fostering.PlacementIndexFollowUp), "placement-index")]
[JsonDerivedType(typeof(Adoption.AdopterRosterFollowUp), "adopter-roster")]
[JsonDerivedType(typeof(Adoption.AdoptionMatchFollowUp), "adoption-match")]
[JsonDerivedType(typeof(PrivateFostering.TransferFollowUp), "private-fostering-transfer")]
[JsonDerivedType(typeof(Board.BoardItemListFollowUp), "board-item-list")]
public abstract record FollowUp(long Id)
{
    /// <summary>The kind it is delivered with (an outbox delivers each kind at once): its own type, unless it stands for another.</summary>
    internal virtual Type Kind => GetType();
}

/// <summary>A change for the responsible borough's change feed (its sequence is the delivery id; the feed keeps each once).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Change">The change.</param>
public sealed record FeedFollowUp(long Id, ChildChange Change) : FollowUp(Id);

/// <summary>The difference in the child's contributions to the partnership's totals (the collector keeps each id once).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Cells">Full cell to amount.</param>
public sealed record MeasuresFollowUp(long Id, IReadOnlyDictionary<string, long> Cells) : FollowUp(Id);

/// <summary>An information request that is now open in an agency's inbox, or (<paramref name="Open"/> null) no longer.</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Agency">The agency.</param>
/// <param name="RequestId">The request.</param>
/// <param name="Open">The request as the inbox lists it while open.</param>
public sealed record InboxFollowUp(long Id, string Agency, string RequestId, AgencyRequestSummary? Open) : FollowUp(Id);

/// <summary>A MASH enquiry as the borough's board is to show it (or not, once closed).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Enquiry">The enquiry's summary.</param>
/// <param name="Open">Whether the board lists it.</param>
public sealed record BoardFollowUp(long Id, EnquirySummary Enquiry, bool Open) : FollowUp(Id);

/// <summary>The child is to be on the borough's roster.</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Borough">The responsible borough.</param>
public sealed record RosterFollowUp(long Id, string Borough) : FollowUp(Id);

/// <summary>
/// The one way a child's change is stored and followed up: the change, its audit record and every follow-up go into
/// the child's one row in one write (so they are stored together or not at all), then the follow-ups are delivered.
/// A delivery that fails is tried again on a timer, on the child's next activation, and before the next one; the
/// follow-ups delivered leave the row with the next write (or when the grain is deactivated). A call that changes
/// nothing (a refusal) has its audit record appended to the trail before the caller hears.
/// </summary>
public sealed partial class ChildGrain : IChildChangesGrain, IChildDerivedGrain
{
    /// <summary>The layout of <see cref="ChildState"/> this build writes: one row per child.</summary>
    private const int OneRowLayout = 2;

    private Outbox<ChildState>? outbox;

    /// <summary>The child's outbox, over its one row.</summary>
    private Outbox<ChildState> Outbox => outbox ??= new(this, state, DeliverKind, Logger());

    /// <summary>
    /// Whether the child's audit chain may still be empty: the child had no row when this activation began and has sent
    /// its trail nothing since (the trail then need not read its head; see <see cref="IAuditTrailGrain.AppendFollowUps"/>).
    /// </summary>
    private bool trailMayBeNew;

    /// <summary>
    /// The streams of which the borough's feed may hold nothing of this child yet, as this activation found the child:
    /// both for a child with no row, the care records for a child with none. Said to the feed once, with the first
    /// hand-over of that stream (see <see cref="IChangeFeedGrain.Append"/>).
    /// </summary>
    private readonly HashSet<ChangeStream> feedStreamsMayBeNew = [];

    /// <inheritdoc />
    public async Task HandOverChanges()
    {
        await Deliver();
        if (state.State.Child is not null && !state.State.FollowUps.Any(f => f is FeedFollowUp))
        {
            // Nothing more for the feed: it stops waiting for this child (a write that failed after Expect).
            await Feed().Append(this.GetPrimaryKeyString(), [], []);
        }
    }

    /// <inheritdoc />
    public async Task<ChildDerived?> Derived()
    {
        if (state.State.Child is not { } child)
        {
            return null;
        }

        await Deliver();
        var requests = Mash.Contacts.Where(c => c.Decision is null).SelectMany(c => c.Requests.Where(r => r.Answer is null).Select(r => new OpenRequest(r.Agency, InboxSummary(c, r))));
        var enquiries = Mash.Contacts.Where(c => c.Route == ContactRoute.MashEnquiry && c.Decision is null).Select(EnquirySummary.Of);
        return new ChildDerived(child.ChildId, child.Details.ResponsibleBorough, [.. requests], [.. enquiries], state.State.FollowUps.Count,
            state.State.FeedSequences.GetValueOrDefault(ChangeStream.Details), state.State.FeedSequences.GetValueOrDefault(ChangeStream.Care));
    }

    /// <inheritdoc />
    public async Task ResendToFeed(Caller caller)
    {
        if (state.State.Child is not { } child)
        {
            return;
        }

        var audit = new AuditEntry("admin.feed.resend", caller.Organisation, caller.Role, caller.UserId, "administration", null, "done",
            $"details and {Care.Records.Count} care records sent again to the change feed of {child.Details.ResponsibleBorough}", clock.GetUtcNow());
        await Store(audit, [DetailsChanged(child), .. Care.Records.Select(CareChanged)], () => { });
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.Layout != OneRowLayout)
        {
            Logger().LogError("Child {ChildId} is stored in the layout of an earlier hub (four rows a child); this hub reads one row a child and refuses it", this.GetPrimaryKeyString());
            throw new InvalidOperationException(
                $"Child {this.GetPrimaryKeyString()} is stored in the layout of an earlier hub (rows 'child', 'mash', 'care' and 'measures'); this hub keeps a child in one row and does not read that layout.");
        }

        trailMayBeNew = !state.RecordExists;
        if (!state.RecordExists)
        {
            feedStreamsMayBeNew.Add(ChangeStream.Details);
        }

        if (Care.Records.Count == 0)
        {
            feedStreamsMayBeNew.Add(ChangeStream.Care);
        }

        Outbox.Activated();
        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Outbox.Deactivating(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Stores the child's state as it is in memory with the audit record of the change and its follow-ups (and the
    /// change in the child's contributions to the totals) in one write, then delivers them. If the write fails,
    /// nothing of it stays in memory: the follow-ups are taken back and <paramref name="undo"/> restores the rest.
    /// </summary>
    private async Task Store(AuditEntry audit, IEnumerable<Func<long, FollowUp>> followUps, Action undo)
    {
        var (mark, sent, sequences) = (Outbox.Mark(), state.State.MeasuresSent, state.State.FeedSequences);
        try
        {
            foreach (var make in followUps)
            {
                Follow(make);
            }

            var now = CurrentContributions();
            var difference = Domain.Measures.Contributions.Difference(sent, now);
            if (difference.Count > 0)
            {
                Follow(id => new MeasuresFollowUp(id, difference));
                state.State.MeasuresSent = now;
            }

            Follow(id => new AuditFollowUp(id, audit, AuditSubjects.Child(this.GetPrimaryKeyString())));
            var feedFollowUps = state.State.FollowUps.Where(f => f.Id > mark.LastFollowUp).OfType<FeedFollowUp>().ToList();
            if (feedFollowUps.Count > 0)
            {
                // The feed holds back its watermark for this child until the changes arrive (or it hears there are none).
                await Feed().Expect(this.GetPrimaryKeyString());
                state.State.FeedSequences = new(sequences);
                foreach (var feed in feedFollowUps)
                {
                    state.State.FeedSequences[feed.Change.Stream] = feed.Id;
                }
            }

            state.State.Layout = OneRowLayout;
            await state.WriteStateAsync();
            Outbox.Stored();
        }
        catch
        {
            Outbox.TakeBack(mark);
            (state.State.MeasuresSent, state.State.FeedSequences) = (sent, sequences);
            undo();
            throw;
        }

        await Deliver();
    }

    /// <summary>Adds a follow-up with the next delivery id.</summary>
    private void Follow(Func<long, FollowUp> make) => Outbox.Follow(make);

    /// <summary>A change of the child's details for the feed: the record as it now stands.</summary>
    private Func<long, FollowUp> DetailsChanged(ChildRecord child) => id =>
        new FeedFollowUp(id, new ChildChange(this.GetPrimaryKeyString(), ChangeStream.Details, id, clock.GetUtcNow(), null, child, child.Details.BoroughCaseIds));

    /// <summary>A change to a care record for the feed: the entry with only the revision just made.</summary>
    private Func<long, FollowUp> CareChanged(Abstractions.Care.CareRecordEntry entry) => id =>
        new FeedFollowUp(id, new ChildChange(this.GetPrimaryKeyString(), ChangeStream.Care, id, clock.GetUtcNow(), entry with { Revisions = [entry.Latest] }, null, state.State.Child!.Details.BoroughCaseIds));

    /// <summary>The audit entry of a call on this child.</summary>
    private AuditEntry AuditOf(string action, Caller caller, AccessPurpose purpose, string outcome, string detail) =>
        new(action, caller.Organisation, caller.Role, caller.UserId, purpose.Name(), null, outcome, detail, clock.GetUtcNow());

    /// <summary>
    /// Records in the child's trail a call that changed nothing (refused by the policy, invalid, in conflict) before
    /// its answer leaves; an id the child does not have is recorded by the API in the caller's organisation's trail.
    /// </summary>
    private async Task<CallResult<T>> Unchanged<T>(CallResult<T> result, string action, AccessPurpose purpose, Caller caller)
    {
        var (outcome, detail) = result.Status switch
        {
            CallStatus.Denied => ("denied", result.Reason),
            _ => ("refused", $"{result.Status}: {result.Field} {result.Reason}".Trim()),
        };
        if (result.Status != CallStatus.NotFound)
        {
            await Deliver();
            trailMayBeNew = false;
            await Trail().Append(AuditOf(action, caller, purpose, outcome, detail));
        }

        return result;
    }

    /// <summary>Delivers the stored follow-ups (see <see cref="Outbox{TState}.Deliver"/>); never throws.</summary>
    private Task Deliver() => state.State.Child is null ? Task.CompletedTask : Outbox.Deliver();

    /// <summary>Delivers follow-ups of one kind, oldest first; a repeat of one delivered before changes nothing.</summary>
    private Task DeliverKind(IReadOnlyList<FollowUp> followUps)
    {
        var childId = this.GetPrimaryKeyString();
        return followUps[0] switch
        {
            AuditFollowUp or NoteFollowUp => AppendToTrails(followUps),
            FeedFollowUp => HandOverToFeed(childId, [.. followUps.Cast<FeedFollowUp>().Select(f => f.Change)]),
            MeasuresFollowUp => GrainFactory.GetGrain<IMeasureCollectorGrain>(MeasureCollectors.Of(childId))
                .Apply(childId, [.. followUps.Cast<MeasuresFollowUp>().Select(m => new NumberedChanges(m.Id, m.Cells))]),
            InboxFollowUp => Task.WhenAll(followUps.Cast<InboxFollowUp>().GroupBy(i => i.RequestId).Select(r => r.Last()).Select(i =>
                i.Open is { } open ? Inbox(i.Agency).Add(open) : Inbox(i.Agency).Remove(i.RequestId))),
            BoardFollowUp => Task.WhenAll(followUps.Cast<BoardFollowUp>().GroupBy(b => b.Enquiry.ContactId).Select(c => c.Last()).Select(b =>
                GrainFactory.GetGrain<IMashBoardGrain>(MashBoard.ShardKey(b.Enquiry.Borough, b.Enquiry.ContactId)).Track(b.Enquiry, b.Open))),
            RosterFollowUp => Task.WhenAll(followUps.Cast<RosterFollowUp>().GroupBy(r => r.Borough).Select(borough =>
                GrainFactory.GetGrain<IBoroughGrain>(borough.Key).AddChild(childId, mayBeListed: !borough.All(Outbox.FirstSend)))),
            _ => throw new InvalidOperationException($"No delivery for {followUps[0].GetType().Name}."),
        };
    }

    /// <summary>Hands changes to the borough's feed, saying which of their streams it may hold nothing of yet (only the first time).</summary>
    private Task HandOverToFeed(string childId, IReadOnlyList<ChildChange> changes)
    {
        var newStreams = changes.Select(c => c.Stream).Where(feedStreamsMayBeNew.Remove).ToList();
        return Feed().Append(childId, changes, newStreams);
    }

    /// <summary>
    /// Sends the audit follow-ups to their trails (the child's own, another child's for a possible duplicate), saying
    /// whether the child's own chain may still be empty (only the first time).
    /// </summary>
    private Task AppendToTrails(IReadOnlyList<FollowUp> followUps)
    {
        var chainMayBeNew = trailMayBeNew;
        trailMayBeNew = false;
        return AuditFollowUps.Deliver(GrainFactory, AuditSubjects.Child(this.GetPrimaryKeyString()), followUps, chainMayBeNew);
    }

    private IAgencyInboxGrain Inbox(string agency) => GrainFactory.GetGrain<IAgencyInboxGrain>(agency);

    private IAuditTrailGrain Trail() => GrainFactory.GetGrain<IAuditTrailGrain>(AuditSubjects.Child(this.GetPrimaryKeyString()));

    private IChangeFeedGrain Feed() => GrainFactory.GetGrain<IChangeFeedGrain>(state.State.Child!.Details.ResponsibleBorough);

    private ILogger Logger() => ServiceProvider.GetRequiredService<ILogger<ChildGrain>>();
}
