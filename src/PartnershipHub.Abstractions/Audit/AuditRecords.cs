namespace PartnershipHub.Abstractions.Audit;

/// <summary>The names of audit trails.</summary>
public static class AuditSubjects
{
    /// <summary>The trail of a child's record.</summary>
    public static string Child(string childId) => $"child/{childId}";

    /// <summary>The trail of a borough's lists (its children, households, registers).</summary>
    public static string Borough(string borough) => $"borough/{borough}";

    /// <summary>The trail of an organisation's inbox or administration.</summary>
    public static string Organisation(string organisation) => $"organisation/{organisation}";

    /// <summary>The trail of a foster household's own record (approval, reviews, capacity).</summary>
    public static string FosterHousehold(string householdId) => $"foster-household/{householdId}";

    /// <summary>The trail of an adopter household's own record (registration, journey).</summary>
    public static string Adopter(string adopterId) => $"adopter/{adopterId}";

    /// <summary>The trail of one of the safeguarding partnership board's actions or recommendations.</summary>
    public static string BoardItem(string itemId) => $"board-item/{itemId}";

    /// <summary>The trail of a board's lists and meetings.</summary>
    public static string Board(string board) => $"board/{board}";

    /// <summary>A borough's private fostering register, as the sender of the audit records it stores for children's trails.</summary>
    public static string PrivateFosteringRegister(string borough) => $"private-fostering/{borough}";
}

/// <summary>
/// One access to or change of child-level data: who, in which organisation and role, when, why, and what was
/// returned or withheld on what basis. Holds no personal data itself, only ids and reasons.
/// </summary>
/// <param name="Action">What was done, e.g. <c>child.read</c>.</param>
/// <param name="Organisation">The caller's organisation.</param>
/// <param name="Role">The caller's role.</param>
/// <param name="UserId">The acting user or system.</param>
/// <param name="Purpose">The purpose the caller stated.</param>
/// <param name="CaseReference">The caller's case or enquiry reference, if given.</param>
/// <param name="Outcome">What happened: returned, withheld, denied, not-found, created, refused.</param>
/// <param name="Detail">What was returned or withheld and on what basis; ids and rule names only.</param>
/// <param name="At">When.</param>
[GenerateSerializer, Alias("AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string Action,
    [property: Id(1)] string Organisation,
    [property: Id(2)] string Role,
    [property: Id(3)] string UserId,
    [property: Id(4)] string Purpose,
    [property: Id(5)] string? CaseReference,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string Detail,
    [property: Id(8)] DateTimeOffset At);

/// <summary>An audit entry that follows a stored change of its subject, numbered by the subject's grain.</summary>
/// <param name="DeliveryId">The follow-up's delivery id: it grows with each follow-up the subject's grain makes.</param>
/// <param name="Entry">The entry.</param>
[GenerateSerializer, Alias("NumberedAuditEntry")]
public sealed record NumberedAuditEntry([property: Id(0)] long DeliveryId, [property: Id(1)] AuditEntry Entry);

/// <summary>An audit entry as stored: its place in the subject's chain and the hashes that make it tamper-evident.</summary>
/// <param name="Subject">Whose record was accessed, e.g. <c>child/…</c> or <c>borough/E09000033</c>.</param>
/// <param name="Sequence">Position in the subject's chain, from 1.</param>
/// <param name="Entry">The entry.</param>
/// <param name="PreviousHash">The hash of the record before, or all zeros for the first.</param>
/// <param name="Hash">SHA-256 over the previous hash and this record's canonical text.</param>
[GenerateSerializer, Alias("AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] string Subject,
    [property: Id(1)] long Sequence,
    [property: Id(2)] AuditEntry Entry,
    [property: Id(3)] string PreviousHash,
    [property: Id(4)] string Hash);

/// <summary>The result of checking a subject's audit chain.</summary>
/// <param name="Intact">True when every stored record matches its hash and links to the one before.</param>
/// <param name="RecordsChecked">How many records were read.</param>
/// <param name="FirstBrokenSequence">The first record that fails, when the chain is broken.</param>
/// <param name="Problem">What is wrong with it.</param>
[GenerateSerializer, Alias("AuditChainVerification")]
public sealed record AuditChainVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long RecordsChecked,
    [property: Id(2)] long? FirstBrokenSequence,
    [property: Id(3)] string? Problem);
