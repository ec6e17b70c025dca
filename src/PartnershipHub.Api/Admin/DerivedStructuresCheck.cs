using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Api.Admin;

/// <summary>One way a derived structure differs from the children's records.</summary>
/// <param name="Structure">"roster/borough", "board/borough", "inbox/agency", "feed/borough" or "placement-index".</param>
/// <param name="ChildId">The child the entry is about.</param>
/// <param name="Item">The child, contact, request, feed stream or household.</param>
/// <param name="Problem">missing, extra, stale, listed-twice, behind, ahead or held-by-other.</param>
/// <param name="Mend">What puts it right from the children's records; null when nothing here can.</param>
public sealed record DerivedDifference(string Structure, string ChildId, string Item, string Problem, Func<Task>? Mend);

/// <summary>The outcome of the check.</summary>
/// <param name="Children">Children compared.</param>
/// <param name="Differences">Every difference found.</param>
/// <param name="Undelivered">Follow-ups the children and foster households still hold after trying to deliver them.</param>
public sealed record DerivedStructuresResult(int Children, IReadOnlyList<DerivedDifference> Differences, int Undelivered);

/// <summary>
/// Compares what the hub derives from the children's records (the boroughs' rosters, their MASH boards and change
/// feeds, the agencies' inboxes) with the records themselves: each child found on a roster, a board or an inbox first
/// delivers its follow-ups, then says what the structures must hold of it (<see cref="IChildDerivedGrain"/>). A child
/// on none of them is not found; the agencies compared are those the children's requests name. The placement index
/// is compared with the placements of the foster households on the boroughs' registers, and for every child found.
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
        List<DerivedDifference> differences =
        [
            .. RosterDifferences(grains, rosters, known),
            .. BoardDifferences(grains, boards, known),
            .. InboxDifferences(grains, inboxes, known),
            .. await FeedDifferences(grains, known, caller, cancellation),
            .. placements,
        ];
        return new DerivedStructuresResult(known.Count, differences, known.Sum(c => c.Undelivered) + householdsUndelivered);
    }

    /// <summary>Mends every difference that can be mended; returns how many were.</summary>
    public static async Task<int> Repair(IReadOnlyList<DerivedDifference> differences)
    {
        var mendable = differences.Where(d => d.Mend is not null).ToList();
        foreach (var difference in mendable)
        {
            await difference.Mend!();
        }

        return mendable.Count;
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
                () => grains.GetGrain<IBoroughGrain>(child.Borough).AddChild(child.ChildId, mayBeListed: true));
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
                yield return new DerivedDifference("board/" + enquiry.Borough, enquiry.ChildId, enquiry.ContactId, problem, () => Board(grains, enquiry).Track(enquiry, true));
            }
        }

        foreach (var held in shown.Values.Where(e => !expected.ContainsKey(e.ContactId)))
        {
            yield return new DerivedDifference("board/" + held.Borough, held.ChildId, held.ContactId, "extra", () => Board(grains, held).Track(held, false));
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
                yield return new DerivedDifference("inbox/" + agency, request.ChildId, request.RequestId, "missing", () => grains.GetGrain<IAgencyInboxGrain>(agency).Add(request));
            }

            foreach (var request in inbox.Where(r => !open.ContainsKey(r.RequestId)))
            {
                yield return new DerivedDifference("inbox/" + agency, request.ChildId, request.RequestId, "extra", () => grains.GetGrain<IAgencyInboxGrain>(agency).Remove(request.RequestId));
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
                                held < made ? () => grains.GetGrain<IChildDerivedGrain>(child.ChildId).ResendToFeed(caller) : null));
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

        var differences = new List<DerivedDifference>();
        foreach (var chunk in livesWith.Keys.Concat(children.Select(c => c.ChildId)).Distinct(StringComparer.Ordinal).Chunk(ChildrenAtOnce))
        {
            var holders = await Task.WhenAll(chunk.Select(id => grains.GetGrain<IFosterPlacementIndexGrain>(id).Holder()));
            foreach (var (childId, holder) in chunk.Zip(holders))
            {
                var index = grains.GetGrain<IFosterPlacementIndexGrain>(childId);
                var household = livesWith.GetValueOrDefault(childId);
                if (household is not null && holder is null)
                {
                    differences.Add(new DerivedDifference("placement-index", childId, household, "missing", () => index.Claim(household)));
                }
                else if (household is not null && holder != household)
                {
                    differences.Add(new DerivedDifference("placement-index", childId, household, "held-by-other", null));
                }
                else if (household is null && holder is not null)
                {
                    differences.Add(new DerivedDifference("placement-index", childId, holder, "extra", () => index.Release(holder)));
                }
            }
        }

        return (differences, undelivered);
    }

    private static IMashBoardGrain Board(IGrainFactory grains, EnquirySummary enquiry) =>
        grains.GetGrain<IMashBoardGrain>(MashBoard.ShardKey(enquiry.Borough, enquiry.ContactId));

    private static bool SameProgress(EnquirySummary a, EnquirySummary b) => a.Rating == b.Rating && a.Requests.SequenceEqual(b.Requests);
}
