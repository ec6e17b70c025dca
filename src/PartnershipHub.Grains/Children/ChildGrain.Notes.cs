using Microsoft.Extensions.Logging;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;

namespace PartnershipHub.Grains.Children;

/// <summary>
/// A note a change stored by another grain leaves in a child's trail: another child's registration (a possible duplicate,
/// for its borough to follow up), or a carer's change about the child (a foster placement or its end, an adoption match).
/// </summary>
/// <param name="Id">The delivery id (of the grain sending it).</param>
/// <param name="ChildId">The child whose trail takes the note.</param>
/// <param name="Note">The audit entry.</param>
public sealed record NoteFollowUp(long Id, string ChildId, AuditEntry Note) : FollowUp(Id);

/// <summary>Notes from other grains, stored in this child's row with the last delivery id taken from each sender.</summary>
public sealed partial class ChildGrain : IChildNotesGrain
{
    /// <inheritdoc />
    public async Task TakeNotes(string sender, IReadOnlyList<NumberedAuditEntry> notes)
    {
        if (state.State.Child is null)
        {
            // The identifier's claim outlived a registration that never stored: there is no child to follow up.
            Logger().LogInformation("Child {ChildId} is not registered; {Count} notes from {Sender} dropped", this.GetPrimaryKeyString(), notes.Count, sender);
            return;
        }

        var taken = state.State.NotesTaken;
        foreach (var note in notes.OrderBy(n => n.DeliveryId).Where(n => n.DeliveryId > taken.GetValueOrDefault(sender)))
        {
            var before = taken.GetValueOrDefault(sender);
            taken[sender] = note.DeliveryId;
            await Store(note.Entry, [], () => taken[sender] = before);
        }
    }

    /// <summary>Delivers notes to the children they are about (see <see cref="ChildNotes.Deliver"/>).</summary>
    private Task DeliverNotes(IEnumerable<NoteFollowUp> notes) => ChildNotes.Deliver(GrainFactory, this.GetPrimaryKeyString(), notes);
}

/// <summary>How any grain's outbox delivers its notes to the children they are about.</summary>
public static class ChildNotes
{
    /// <summary>
    /// Delivers notes to the children they are about, each child's in one call, under <paramref name="sender"/>: the key
    /// the child keeps the sender's last delivery id under (a child's id, or a carer's trail subject such as
    /// <c>foster-household/{id}</c>, which no child id can equal), so ids of different senders are never compared.
    /// </summary>
    public static Task Deliver(IGrainFactory grains, string sender, IEnumerable<NoteFollowUp> notes) =>
        Task.WhenAll(notes.GroupBy(n => n.ChildId).Select(child => grains.GetGrain<IChildNotesGrain>(child.Key)
            .TakeNotes(sender, [.. child.Select(n => new NumberedAuditEntry(n.Id, n.Note))])));
}
