using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Adoption;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.PrivateFostering;

namespace PartnershipHub.Api.Admin;

/// <summary>One way a derived structure differs from the children's records.</summary>
/// <param name="Structure">
/// "roster/borough", "board/borough", "inbox/agency", "feed/borough", "placement-index", "adopter-roster/borough",
/// "adoption-match" or "private-fostering/borough" (the receiving borough's register).
/// </param>
/// <param name="ChildId">The child the entry is about; empty for an adopter roster's entry, which is about no child.</param>
/// <param name="Item">The child, contact, request, feed stream, household or adopter household, or private fostering arrangement.</param>
/// <param name="Problem">missing, extra, stale, listed-twice, behind, ahead, held-by-other, transfer-missing or transfer-extra.</param>
/// <param name="Mend">
/// What puts it right from the children's records, answering how many entries it changed (0: nothing was left to
/// change); null when nothing here can.
/// </param>
public sealed record DerivedDifference(string Structure, string ChildId, string Item, string Problem, Func<Task<int>>? Mend);

/// <summary>A difference the repair mended.</summary>
/// <param name="Difference">The difference.</param>
/// <param name="Changed">How many entries its mend changed: 0 when it found nothing left to change.</param>
public sealed record MendedDifference(DerivedDifference Difference, int Changed);

/// <summary>The outcome of the check.</summary>
/// <param name="Children">Children compared.</param>
/// <param name="Differences">Every difference found.</param>
/// <param name="Undelivered">
/// Follow-ups the children, foster households, adopter households and private fostering registers still hold after
/// trying to deliver them.
/// </param>
public sealed record DerivedStructuresResult(int Children, IReadOnlyList<DerivedDifference> Differences, int Undelivered);

/// <summary>
/// Compares what the hub derives from the children's records (the boroughs' rosters, their MASH boards and change
/// feeds, the agencies' inboxes) with the records themselves: each child found on a roster, a board or an inbox first
/// delivers its follow-ups, then says what the structures must hold of it (<see cref="IChildDerivedGrain"/>). A child
/// on none of them is not found; the agencies compared are those the children's requests name. The placement index
/// is compared with the placements of the foster households on the boroughs' registers, and the adoption match claims
/// with the matches of the adopter households on the boroughs' adopter rosters, each for every child found too. The
/// boroughs' private fostering registers are compared with each other: each move away with the transfer received.
/// </summary>
public static class DerivedStructuresCheck
{
    private const int ChildrenAtOnce = 64;

    /// <summary>Runs the check over <paramref name="boroughs"/>.</summary>
    /// <param name="grains">The grains.</param>
    /// <param name="boroughs">The boroughs whose structures are compared.</param>
    /// <param name="caller">The administrator, named in the children's trails when the repair sends their changes again.</param>
    /// <param name="cancellation">Stops the check.</param>
    public static async Task<DerivedStructuresResult> Run(IGrainFactory grains, IReadOnlyList<string> boroughs, Caller caller, CancellationToken cancellation)
    {
        var rosters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var boards = new Dictionary<string, IReadOnlyList<EnquirySummary>>(StringComparer.Ordinal);
        foreach (var borough in boroughs)
        {
            var roster = rosters[borough] = [];
            await foreach (var page in BoroughRoster.Pages(grains, borough))
            {
                roster.AddRange(page);
            }

            boards[borough] = await MashBoard.OpenEnquiries(grains, borough);
        }

        var children = new Dictionary<string, ChildDerived?>(StringComparer.Ordinal);
        await Read(grains, children, rosters.Values.SelectMany(r => r).Concat(boards.Values.SelectMany(b => b.Select(e => e.ChildId))), cancellation);
        var inboxes = new Dictionary<string, IReadOnlyList<AgencyRequestSummary>>(StringComparer.Ordinal);
        foreach (var agency in children.Values.SelectMany(c => c?.OpenRequests ?? []).Select(r => r.Agency).Distinct())
        {
            inboxes[agency] = await grains.GetGrain<IAgencyInboxGrain>(agency).Open();
        }

        await Read(grains, children, inboxes.Values.SelectMany(i => i.Select(r => r.ChildId)), cancellation);
        var known = children.Values.OfType<ChildDerived>().ToList();
        var (placements, householdsUndelivered) = await PlacementDifferences(grains, boroughs, known, cancellation);
        var (matches, adoptersUndelivered) = await MatchDifferences(grains, boroughs, known, cancellation);
        var (transfers, registersUndelivered) = await TransferDifferences(grains, boroughs, cancellation);
        List<DerivedDifference> differences =
        [
            .. RosterDifferences(grains, rosters, known),
            .. BoardDifferences(grains, boards, known),
            .. InboxDifferences(grains, inboxes, known),
            .. await FeedDifferences(grains, known, caller, cancellation),
            .. placements,
            .. matches,
            .. transfers,
        ];
        return new DerivedStructuresResult(
            known.Count, differences, known.Sum(c => c.Undelivered) + householdsUndelivered + adoptersUndelivered + registersUndelivered);
    }

    /// <summary>Mends every difference that can be mended, one after the other; answers each with how many entries its mend changed.</summary>
    public static async Task<IReadOnlyList<MendedDifference>> Repair(IReadOnlyList<DerivedDifference> differences)
    {
        var mended = new List<MendedDifference>();
        foreach (var difference in differences.Where(d => d.Mend is not null))
        {
            mended.Add(new MendedDifference(difference, await difference.Mend!()));
        }

        return mended;
    }

    /// <summary>Asks each child not asked yet what the structures must hold of it.</summary>
    private static async Task Read(IGrainFactory grains, Dictionary<string, ChildDerived?> children, IEnumerable<string> ids, CancellationToken cancellation)
    {
        foreach (var chunk in ids.Distinct().Where(id => !children.ContainsKey(id)).ToList().Chunk(ChildrenAtOnce))
        {
            cancellation.ThrowIfCancellationRequested();
            var read = await Task.WhenAll(chunk.Select(id => grains.GetGrain<IChildDerivedGrain>(id).Derived()));
            foreach (var (id, derived) in chunk.Zip(read))
            {
                children[id] = derived;
            }
        }
    }

    private static IEnumerable<DerivedDifference> RosterDifferences(IGrainFactory grains, Dictionary<string, List<string>> rosters, List<ChildDerived> children)
    {
        var boroughOf = children.ToDictionary(c => c.ChildId, c => c.Borough, StringComparer.Ordinal);
        foreach (var (borough, roster) in rosters)
        {
            foreach (var listed in roster.GroupBy(id => id, StringComparer.Ordinal))
            {
                if (boroughOf.GetValueOrDefault(listed.Key) != borough)
                {
                    yield return new DerivedDifference("roster/" + borough, listed.Key, listed.Key, "extra",
                        () => grains.GetGrain<IBoroughGrain>(borough).RemoveListings(listed.Key, keep: 0));
                }
                else if (listed.Count() > 1)
                {
                    yield return new DerivedDifference("roster/" + borough, listed.Key, listed.Key, "listed-twice",
                        () => grains.GetGrain<IBoroughGrain>(borough).RemoveListings(listed.Key, keep: 1));
                }
            }
        }

        foreach (var child in children.Where(c => rosters.TryGetValue(c.Borough, out var roster) && !roster.Contains(c.ChildId)))
        {
            yield return new DerivedDifference("roster/" + child.Borough, child.ChildId, child.ChildId, "missing",
                Counted(() => grains.GetGrain<IBoroughGrain>(child.Borough).AddChild(child.ChildId, mayBeListed: true)));
        }
    }

    private static IEnumerable<DerivedDifference> BoardDifferences(IGrainFactory grains, Dictionary<string, IReadOnlyList<EnquirySummary>> boards, List<ChildDerived> children)
    {
        var expected = children.SelectMany(c => c.OpenEnquiries).ToDictionary(e => e.ContactId, StringComparer.Ordinal);
        var shown = boards.Values.SelectMany(b => b).ToDictionary(e => e.ContactId, StringComparer.Ordinal);
        foreach (var enquiry in expected.Values.Where(e => boards.ContainsKey(e.Borough)))
        {
            var problem = !shown.TryGetValue(enquiry.ContactId, out var held) ? "missing" : SameProgress(held, enquiry) ? null : "stale";
            if (problem is not null)
            {
                yield return new DerivedDifference("board/" + enquiry.Borough, enquiry.ChildId, enquiry.ContactId, problem, Counted(() => Board(grains, enquiry).Track(enquiry, true)));
            }
        }

        foreach (var held in shown.Values.Where(e => !expected.ContainsKey(e.ContactId)))
        {
            yield return new DerivedDifference("board/" + held.Borough, held.ChildId, held.ContactId, "extra", Counted(() => Board(grains, held).Track(held, false)));
        }
    }

    private static IEnumerable<DerivedDifference> InboxDifferences(IGrainFactory grains, Dictionary<string, IReadOnlyList<AgencyRequestSummary>> inboxes, List<ChildDerived> children)
    {
        var expected = children.SelectMany(c => c.OpenRequests).ToLookup(r => r.Agency, r => r.Request, StringComparer.Ordinal);
        foreach (var (agency, inbox) in inboxes)
        {
            var listed = inbox.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
            var open = expected[agency].ToDictionary(r => r.RequestId, StringComparer.Ordinal);
            foreach (var request in open.Values.Where(r => !listed.Contains(r.RequestId)))
            {
                yield return new DerivedDifference("inbox/" + agency, request.ChildId, request.RequestId, "missing", Counted(() => grains.GetGrain<IAgencyInboxGrain>(agency).Add(request)));
            }

            foreach (var request in inbox.Where(r => !open.ContainsKey(r.RequestId)))
            {
                yield return new DerivedDifference("inbox/" + agency, request.ChildId, request.RequestId, "extra", Counted(() => grains.GetGrain<IAgencyInboxGrain>(agency).Remove(request.RequestId)));
            }
        }
    }

    /// <summary>
    /// Each borough's change feed against its children: a feed whose marker of a child's stream is behind the child's
    /// latest change of it is missing changes (mended by the child sending its details and care records again); one
    /// ahead holds changes the child never stored.
    /// </summary>
    private static async Task<List<DerivedDifference>> FeedDifferences(IGrainFactory grains, List<ChildDerived> children, Caller caller, CancellationToken cancellation)
    {
        var differences = new List<DerivedDifference>();
        foreach (var borough in children.GroupBy(c => c.Borough, StringComparer.Ordinal))
        {
            foreach (var chunk in borough.Chunk(ChildrenAtOnce * 16))
            {
                cancellation.ThrowIfCancellationRequested();
                var ids = chunk.Select(c => c.ChildId).ToList();
                var feed = grains.GetGrain<IChangeFeedGrain>(borough.Key);
                var details = await feed.Markers(ids, ChangeStream.Details);
                var care = await feed.Markers(ids, ChangeStream.Care);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var child = chunk[i];
                    if (child.DetailsSequence == 0)
                    {
                        // Stored by a build that did not keep its feed sequences: nothing to compare with.
                        continue;
                    }

                    foreach (var (stream, held, made) in new[] { (ChangeStream.Details, details[i], child.DetailsSequence), (ChangeStream.Care, care[i], child.CareSequence) })
                    {
                        if (held != made)
                        {
                            differences.Add(new DerivedDifference("feed/" + borough.Key, child.ChildId, $"{stream}: feed {held}, child {made}", held < made ? "behind" : "ahead",
                                held < made ? Counted(() => grains.GetGrain<IChildDerivedGrain>(child.ChildId).ResendToFeed(caller)) : null));
                        }
                    }
                }
            }
        }

        // A child behind in both streams is sent again once.
        return [.. differences.GroupBy(d => (d.ChildId, d.Mend is null)).SelectMany(g => g.Select((d, n) => n == 0 ? d : d with { Mend = null }))];
    }

    /// <summary>
    /// The placement index against the households: each child living with a household on a borough's register must be
    /// held for it (missing: claimed for it; held by another household: listed only), and no child found elsewhere may
    /// be held for a household it does not live with (extra: released).
    /// </summary>
    private static async Task<(List<DerivedDifference> Differences, int Undelivered)> PlacementDifferences(
        IGrainFactory grains, IReadOnlyList<string> boroughs, List<ChildDerived> children, CancellationToken cancellation)
    {
        var livesWith = new Dictionary<string, string>(StringComparer.Ordinal);
        var undelivered = 0;
        foreach (var borough in boroughs)
        {
            foreach (var household in await grains.GetGrain<IFosterRegisterGrain>(borough).Households())
            {
                cancellation.ThrowIfCancellationRequested();
                var grain = grains.GetGrain<IFosterHouseholdGrain>(household.HouseholdId);
                foreach (var childId in await grain.Housed())
                {
                    livesWith[childId] = household.HouseholdId;
                }

                undelivered += await grain.DeliverFollowUps();
            }
        }

        return (await ClaimDifferences<IFosterPlacementIndexGrain>(grains, "placement-index", livesWith, children, cancellation), undelivered);
    }

    /// <summary>
    /// The adopter households on the boroughs' adopter rosters against their own records: a roster's summary of a
    /// household that differs from the household's is stale (the household's put in its place); and the adoption match
    /// claims, as the placement index against the foster households: each child matched with a household must be held
    /// for it, and no child found elsewhere held for a household it is not matched with. The households deliver their
    /// follow-ups first.
    /// </summary>
    private static async Task<(List<DerivedDifference> Differences, int Undelivered)> MatchDifferences(
        IGrainFactory grains, IReadOnlyList<string> boroughs, List<ChildDerived> children, CancellationToken cancellation)
    {
        var matchedWith = new Dictionary<string, string>(StringComparer.Ordinal);
        var differences = new List<DerivedDifference>();
        var undelivered = 0;
        foreach (var borough in boroughs)
        {
            var roster = grains.GetGrain<IAdopterRosterGrain>(borough);
            foreach (var listed in await roster.All())
            {
                cancellation.ThrowIfCancellationRequested();
                var adopter = grains.GetGrain<IAdopterGrain>(listed.AdopterId);
                undelivered += await adopter.DeliverFollowUps();
                if (await adopter.Record() is not { } record)
                {
                    differences.Add(new DerivedDifference("adopter-roster/" + borough, "", listed.AdopterId, "extra", null));
                    continue;
                }

                if (record.Summary() is var summary && summary != listed)
                {
                    differences.Add(new DerivedDifference("adopter-roster/" + borough, "", listed.AdopterId, "stale", Counted(() => roster.Track(summary))));
                }

                foreach (var match in record.Matches)
                {
                    matchedWith[match.ChildId] = listed.AdopterId;
                }
            }
        }

        differences.AddRange(await ClaimDifferences<IChildAdoptionMatchGrain>(grains, "adoption-match", matchedWith, children, cancellation));
        return (differences, undelivered);
    }

    /// <summary>
    /// A claim per child (<typeparamref name="TClaim"/>) against the households' own records: a child with a household
    /// in <paramref name="heldFor"/> and not held is missing (claimed for it), one held for another household is listed
    /// only, and a child found elsewhere held for a household that does not have it is extra (released).
    /// </summary>
    private static async Task<List<DerivedDifference>> ClaimDifferences<TClaim>(
        IGrainFactory grains, string structure, Dictionary<string, string> heldFor, List<ChildDerived> children, CancellationToken cancellation)
        where TClaim : IChildClaimGrain
    {
        var differences = new List<DerivedDifference>();
        foreach (var chunk in heldFor.Keys.Concat(children.Select(c => c.ChildId)).Distinct(StringComparer.Ordinal).Chunk(ChildrenAtOnce))
        {
            cancellation.ThrowIfCancellationRequested();
            var holders = await Task.WhenAll(chunk.Select(id => grains.GetGrain<TClaim>(id).Holder()));
            foreach (var (childId, holder) in chunk.Zip(holders))
            {
                var claim = grains.GetGrain<TClaim>(childId);
                var household = heldFor.GetValueOrDefault(childId);
                if (household is not null && holder is null)
                {
                    differences.Add(new DerivedDifference(structure, childId, household, "missing", async () => await claim.Claim(household) == household ? 1 : 0));
                }
                else if (household is not null && holder != household)
                {
                    differences.Add(new DerivedDifference(structure, childId, household, "held-by-other", null));
                }
                else if (household is null && holder is not null)
                {
                    differences.Add(new DerivedDifference(structure, childId, holder, "extra", Counted(() => claim.Release(holder))));
                }
            }
        }

        return differences;
    }

    /// <summary>
    /// The boroughs' private fostering registers against each other: an arrangement moved away must have been received
    /// by the receiving borough's register (transfer-missing: the moving register sends its transfer again, received
    /// once), and one received by transfer must come from an arrangement the sending register holds as moved there
    /// (transfer-extra: listed, as nothing here knows what the sender lost). Every register delivers its follow-ups
    /// before any is read, so a transfer in flight is not a difference.
    /// </summary>
    private static async Task<(List<DerivedDifference> Differences, int Undelivered)> TransferDifferences(
        IGrainFactory grains, IReadOnlyList<string> boroughs, CancellationToken cancellation)
    {
        var undelivered = 0;
        foreach (var borough in boroughs)
        {
            cancellation.ThrowIfCancellationRequested();
            undelivered += await grains.GetGrain<IPrivateFosteringRegisterGrain>(borough).DeliverFollowUps();
        }

        var registers = new Dictionary<string, IReadOnlyList<PrivateFosteringArrangement>>(StringComparer.Ordinal);
        foreach (var borough in boroughs)
        {
            registers[borough] = await grains.GetGrain<IPrivateFosteringRegisterGrain>(borough).Transfers();
        }

        var arrangements = registers.Values.SelectMany(r => r).ToList();
        var movedAway = arrangements.Where(a => a.Status == ArrangementStatus.Moved).Select(a => (From: a.Borough, Source: a.ArrangementId, To: a.Move!.ReceivingBorough)).ToHashSet();
        var received = arrangements.Where(a => a.SourceArrangementId is not null).Select(a => (From: a.TransferredFrom!, Source: a.SourceArrangementId!, To: a.Borough)).ToHashSet();
        var differences = new List<DerivedDifference>();
        foreach (var moved in arrangements.Where(a => a.Status == ArrangementStatus.Moved && registers.ContainsKey(a.Move!.ReceivingBorough)
            && !received.Contains((a.Borough, a.ArrangementId, a.Move.ReceivingBorough))))
        {
            differences.Add(new DerivedDifference("private-fostering/" + moved.Move!.ReceivingBorough, moved.Notice.ChildId, moved.ArrangementId, "transfer-missing",
                () => grains.GetGrain<IPrivateFosteringRegisterGrain>(moved.Borough).ResendTransfer(moved.ArrangementId)));
        }

        foreach (var transferred in arrangements.Where(a => a.SourceArrangementId is not null && registers.ContainsKey(a.TransferredFrom!)
            && !movedAway.Contains((a.TransferredFrom!, a.SourceArrangementId!, a.Borough))))
        {
            differences.Add(new DerivedDifference("private-fostering/" + transferred.Borough, transferred.Notice.ChildId, transferred.ArrangementId, "transfer-extra", null));
        }

        return (differences, undelivered);
    }

    /// <summary>A mend whose target does not say what it changed: counted as one entry.</summary>
    private static Func<Task<int>> Counted(Func<Task> mend) => async () =>
    {
        await mend();
        return 1;
    };

    private static IMashBoardGrain Board(IGrainFactory grains, EnquirySummary enquiry) =>
        grains.GetGrain<IMashBoardGrain>(MashBoard.ShardKey(enquiry.Borough, enquiry.ContactId));

    private static bool SameProgress(EnquirySummary a, EnquirySummary b) => a.Rating == b.Rating && a.Requests.SequenceEqual(b.Requests);
}
