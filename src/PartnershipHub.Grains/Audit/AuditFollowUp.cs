using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains.Audit;

/// <summary>
/// An audit record that follows a stored change, for the trail of <see cref="Subject"/>: the sending grain's own (a
/// child's, a foster household's, an adopter's), or another subject's its change is about (a carer placing or matching
/// a child, a registration noting a possible duplicate). The trail takes it once by the sender's delivery id.
/// </summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Entry">The audit entry.</param>
/// <param name="Subject">The trail it is for; null in rows of builds before there was a choice, where it was always the sender's own.</param>
public sealed record AuditFollowUp(long Id, AuditEntry Entry, string? Subject = null) : FollowUp(Id);

/// <summary>
/// A note for a child's trail as builds before <see cref="AuditFollowUp.Subject"/> stored it (a possible duplicate, a
/// carer's change about the child), which the child took and re-recorded. Rows of those builds may still hold one; it is
/// delivered as the <see cref="AuditFollowUp"/> it stands for, with the audit records.
/// </summary>
/// <param name="Id">The delivery id.</param>
/// <param name="ChildId">The child whose trail takes the note.</param>
/// <param name="Note">The audit entry.</param>
public sealed record NoteFollowUp(long Id, string ChildId, AuditEntry Note) : FollowUp(Id)
{
    /// <inheritdoc />
    internal override Type Kind => typeof(AuditFollowUp);
}

/// <summary>How any grain's outbox delivers its audit follow-ups.</summary>
public static class AuditFollowUps
{
    /// <summary>
    /// Delivers audit follow-ups (and notes of earlier builds) straight to each subject's trail, each trail's in one
    /// call, oldest first, from <paramref name="sender"/> (the audit subject of the grain whose outbox they are in): the
    /// trail keeps the last delivery id taken from each sender, so a repeat is skipped and two senders' ids are never
    /// compared. <paramref name="ownChainMayBeNew"/> is said to the sender's own trail (see <see cref="IAuditTrailGrain.AppendFollowUps"/>).
    /// </summary>
    /// <param name="grains">Where the trails are.</param>
    /// <param name="sender">The sending grain's audit subject.</param>
    /// <param name="followUps">The audit follow-ups.</param>
    /// <param name="ownChainMayBeNew">Whether the sender's own chain may still be empty.</param>
    public static Task Deliver(IGrainFactory grains, string sender, IEnumerable<FollowUp> followUps, bool ownChainMayBeNew = false) =>
        Task.WhenAll(followUps.Select(Numbered).GroupBy(f => f.Subject ?? sender).Select(trail => grains.GetGrain<IAuditTrailGrain>(trail.Key)
            .AppendFollowUps(sender, [.. trail.OrderBy(f => f.Entry.DeliveryId).Select(f => f.Entry)], ownChainMayBeNew && trail.Key == sender)));

    private static (string? Subject, NumberedAuditEntry Entry) Numbered(FollowUp followUp) => followUp switch
    {
        AuditFollowUp audit => (audit.Subject, new(audit.Id, audit.Entry)),
        NoteFollowUp note => (AuditSubjects.Child(note.ChildId), new(note.Id, note.Note)),
        _ => throw new ArgumentException($"{followUp.GetType().Name} is not an audit follow-up.", nameof(followUp)),
    };
}
