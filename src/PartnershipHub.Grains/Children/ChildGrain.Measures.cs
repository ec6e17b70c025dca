using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Grains.Children;

/// <summary>What a child has told the partnership's totals, and what is still on its way.</summary>
public sealed class ChildMeasuresState
{
    /// <summary>The child's contributions as the totals will hold them once the outbox is delivered.</summary>
    public Dictionary<string, long> Sent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sequence number of the child's last changes.</summary>
    public long LastSequence { get; set; }

    /// <summary>Changes stored but not known to have reached the totals, oldest first (full cell to amount).</summary>
    public List<NumberedChanges> Outbox { get; set; } = [];
}

/// <summary>
/// The measures side of a child's record: after each change to the child's records the grain works out its
/// contributions to the partnership's figures and sends the boroughs' totals only the difference from what it sent
/// before, through its collector (<see cref="MeasureCollectors"/>). The new contributions and the difference are
/// stored with the child first (the outbox), then delivered; a delivery that fails stays in the outbox and goes again
/// with the next change, so the totals never drift for good, and the recomputation check settles outboxes before it
/// compares. Delivered changes leave the outbox in memory and with the next store; one sent again after a restart is
/// recognised by its number.
/// </summary>
public sealed partial class ChildGrain : IChildMeasuresGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> Contributions()
    {
        await UpdateMeasures();
        return CurrentContributions();
    }

    /// <summary>
    /// Brings the totals up to date with the child's records. Called after every change to them is stored; a failure
    /// here does not undo that change (it is logged, and the difference goes with the next change).
    /// </summary>
    private async Task UpdateMeasures()
    {
        try
        {
            var now = CurrentContributions();
            var changes = Domain.Measures.Contributions.Difference(measures.State.Sent, now);
            if (changes.Count > 0)
            {
                var (sent, outbox, last) = (measures.State.Sent, measures.State.Outbox.ToList(), measures.State.LastSequence);
                measures.State.Outbox.Add(new NumberedChanges(++measures.State.LastSequence, changes));
                measures.State.Sent = now;
                try
                {
                    await measures.WriteStateAsync();
                }
                catch
                {
                    (measures.State.Sent, measures.State.Outbox, measures.State.LastSequence) = (sent, outbox, last);
                    throw;
                }
            }

            if (measures.State.Outbox.Count > 0)
            {
                var delivering = measures.State.Outbox.ToList();
                await GrainFactory.GetGrain<IMeasureCollectorGrain>(MeasureCollectors.Of(this.GetPrimaryKeyString())).Apply(this.GetPrimaryKeyString(), delivering);
                measures.State.Outbox.RemoveAll(delivering.Contains);
            }
        }
        catch (Exception e)
        {
            ServiceProvider.GetRequiredService<ILogger<ChildGrain>>().LogWarning(e,
                "Child {ChildId}: the partnership's totals were not brought up to date; the difference goes with the next change", this.GetPrimaryKeyString());
        }
    }

    /// <summary>The child's contributions from the records held now (none before registration).</summary>
    private Dictionary<string, long> CurrentContributions()
    {
        if (state.State.Child is not { } child)
        {
            return [];
        }

        var details = child.Details;
        var contacts = mash.State.Contacts.Where(c => c.CurrentRating is not null).Select(c => new ContactFacts(
            c.Details.Borough, c.CurrentRating!.Rating, c.Details.ReceivedAt, c.Decision?.DecidedAt,
            [.. c.Requests.Select(r => new RequestFacts(r.DueAt, r.Answer?.By.At))])).ToList();
        return ChildContributions.Of(new ChildFacts(
            details.ResponsibleBorough, KnownBirthDate(), Standing(), contacts));
    }
}
