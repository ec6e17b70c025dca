using PartnershipHub.Abstractions.Audit;

namespace PartnershipHub.Abstractions.Children;

/// <summary>
/// Notes another grain's stored change leaves in this child's audit trail (another child's registration giving an
/// identifier this child holds: a possible duplicate; a foster household's placement of this child or its end; an
/// adopter's match with this child), sent by that grain's outbox.
/// </summary>
public interface IChildNotesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the notes from <paramref name="sender"/> (a child's id or a carer's trail subject) as audit records of this
    /// child, each once: this child keeps the last delivery id taken from each sender, so a repeat changes nothing and
    /// two senders' ids are never compared. A child not registered takes none.
    /// </summary>
    Task TakeNotes(string sender, IReadOnlyList<NumberedAuditEntry> notes);
}
