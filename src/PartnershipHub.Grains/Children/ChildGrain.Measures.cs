using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Grains.Children;

/// <summary>
/// The measures side of a child's record: with each change to the child's records the grain works out its
/// contributions to the partnership's figures, and the difference from what it sent before goes to the boroughs'
/// totals as a follow-up of that change, through its collector (<see cref="MeasureCollectors"/>), which recognises a
/// difference sent again by its delivery id. The recomputation check settles the follow-ups before it compares.
/// </summary>
public sealed partial class ChildGrain : IChildMeasuresGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> Contributions()
    {
        await Deliver();
        return CurrentContributions();
    }

    /// <summary>The child's contributions from the records held now (none before registration).</summary>
    private Dictionary<string, long> CurrentContributions()
    {
        if (state.State.Child is not { } child)
        {
            return [];
        }

        var details = child.Details;
        var contacts = Mash.Contacts.Where(c => c.CurrentRating is not null).Select(c => new ContactFacts(
            c.Details.Borough, c.CurrentRating!.Rating, c.Details.ReceivedAt, c.Decision?.DecidedAt,
            [.. c.Requests.Select(r => new RequestFacts(r.DueAt, r.Answer?.By.At))])).ToList();
        return ChildContributions.Of(new ChildFacts(
            details.ResponsibleBorough, KnownBirthDate(), Standing(), contacts));
    }
}
