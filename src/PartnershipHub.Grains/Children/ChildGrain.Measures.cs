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

    /// <summary>Changes stored but not yet acknowledged by their shard of the totals, oldest first.</summary>
    public List<MeasureDelivery> Outbox { get; set; } = [];
}

/// <summary>Changes to one shard of the totals, sent once (the shard recognises the id if it comes again).</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="Shard">The shard: <c>borough/period</c>.</param>
/// <param name="Changes">Cell entry to amount.</param>
public sealed record MeasureDelivery(string Id, string Shard, Dictionary<string, long> Changes);

/// <summary>
/// The measures side of a child's record: after each change to the child's records the grain works out its
/// contributions to the partnership's figures and sends the boroughs' totals only the difference from what it sent
/// before. The new contributions and the difference are stored with the child first (the outbox), then delivered;
/// a delivery that fails stays in the outbox and goes again with the next change, so the totals never drift for
/// good, and the recomputation check settles outboxes before it compares.
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
                var (sent, outbox) = (measures.State.Sent, measures.State.Outbox.ToList());
                measures.State.Outbox.AddRange(changes.GroupBy(c => MeasureCell.Parse(c.Key).Shard).Select(shard => new MeasureDelivery(
                    Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('='), shard.Key,
                    shard.ToDictionary(c => MeasureCell.Parse(c.Key).Entry, c => c.Value, StringComparer.Ordinal))));
                measures.State.Sent = now;
                try
                {
                    await measures.WriteStateAsync();
                }
                catch
                {
                    (measures.State.Sent, measures.State.Outbox) = (sent, outbox);
                    throw;
                }
            }

            await DeliverMeasures();
        }
        catch (Exception e)
        {
            ServiceProvider.GetRequiredService<ILogger<ChildGrain>>().LogWarning(e,
                "Child {ChildId}: the partnership's totals were not brought up to date; the difference goes with the next change", this.GetPrimaryKeyString());
        }
    }

    /// <summary>Sends every delivery of the outbox and forgets those acknowledged.</summary>
    private async Task DeliverMeasures()
    {
        if (measures.State.Outbox.Count == 0)
        {
            return;
        }

        var pending = measures.State.Outbox.ToList();
        var sent = await Task.WhenAll(pending.Select(async d =>
        {
            try
            {
                await GrainFactory.GetGrain<IMeasureTotalsGrain>(d.Shard).Apply(d.Id, d.Changes);
                return d;
            }
            catch
            {
                return null;
            }
        }));
        var delivered = sent.OfType<MeasureDelivery>().ToHashSet();
        if (delivered.Count > 0)
        {
            measures.State.Outbox.RemoveAll(delivered.Contains);
            await measures.WriteStateAsync();
        }

        if (delivered.Count < pending.Count)
        {
            throw new InvalidOperationException($"{pending.Count - delivered.Count} of {pending.Count} deliveries to the totals failed; they stay in the outbox");
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
            details.ResponsibleBorough, details.BirthDateStatus == BirthDateStatus.Known ? details.BirthDate : null, Standing(), contacts));
    }
}
