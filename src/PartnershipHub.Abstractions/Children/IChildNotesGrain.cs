using PartnershipHub.Abstractions.Audit;

namespace PartnershipHub.Abstractions.Children;

/// <summary>
/// Notes another child's change leaves in this child's audit trail (a registration giving an identifier this child
/// holds: a possible duplicate), sent by that child's outbox.
/// </summary>
public interface IChildNotesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the notes from child <paramref name="fromChildId"/> as audit records of this child, each once: this child
    /// keeps the last delivery id taken from each child, so a repeat changes nothing. A child not registered takes none.
    /// </summary>
    Task TakeNotes(string fromChildId, IReadOnlyList<NumberedAuditEntry> notes);
}
