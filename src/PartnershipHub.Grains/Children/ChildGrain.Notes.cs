using Microsoft.Extensions.Logging;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;

namespace PartnershipHub.Grains.Children;

/// <summary>A note another child's change leaves in this child's trail (a possible duplicate), for its borough to follow up.</summary>
/// <param name="Id">The delivery id (of the child sending it).</param>
/// <param name="ChildId">The child whose trail takes the note.</param>
/// <param name="Note">The audit entry.</param>
public sealed record NoteFollowUp(long Id, string ChildId, AuditEntry Note) : FollowUp(Id);

/// <summary>Notes from other children, stored in this child's row with the last delivery id taken from each.</summary>
public sealed partial class ChildGrain : IChildNotesGrain
{
    /// <inheritdoc />
    public async Task TakeNotes(string fromChildId, IReadOnlyList<NumberedAuditEntry> notes)
    {
        if (state.State.Child is null)
        {
            // The identifier's claim outlived a registration that never stored: there is no child to follow up.
            Logger().LogInformation("Child {ChildId} is not registered; {Count} notes from child {FromChildId} dropped", this.GetPrimaryKeyString(), notes.Count, fromChildId);
            return;
        }

        var taken = state.State.NotesTaken;
        foreach (var note in notes.OrderBy(n => n.DeliveryId).Where(n => n.DeliveryId > taken.GetValueOrDefault(fromChildId)))
        {
            var before = taken.GetValueOrDefault(fromChildId);
            taken[fromChildId] = note.DeliveryId;
            await Store(note.Entry, [], () => taken[fromChildId] = before);
        }
    }

    /// <summary>Delivers notes to the children they are about, each child's in one call.</summary>
    private Task DeliverNotes(IEnumerable<NoteFollowUp> notes) =>
        Task.WhenAll(notes.GroupBy(n => n.ChildId).Select(child => GrainFactory.GetGrain<IChildNotesGrain>(child.Key)
            .TakeNotes(this.GetPrimaryKeyString(), [.. child.Select(n => new NumberedAuditEntry(n.Id, n.Note))])));
}
