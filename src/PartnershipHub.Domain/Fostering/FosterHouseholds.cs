namespace PartnershipHub.Domain.Fostering;

/// <summary>The kinds of foster household the shared fostering service approves.</summary>
public enum HouseholdKind
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>Approved to foster any child the service matches with them.</summary>
    Mainstream = 1,

    /// <summary>Family or friends approved for one named child only; never offered in a general vacancy search.</summary>
    ConnectedPersons = 2,
}

/// <summary>Where a household stands in its approval.</summary>
public enum ApprovalStatus
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>Being assessed; cannot take children yet.</summary>
    InAssessment = 1,

    /// <summary>Approved: can take children up to its capacity.</summary>
    Approved = 2,

    /// <summary>Approval suspended (e.g. during an allegation); takes no new children.</summary>
    Suspended = 3,

    /// <summary>No longer approved. Final.</summary>
    Deregistered = 4,
}

/// <summary>The needs, beyond age and siblings, a household is approved and able to meet.</summary>
public enum CarerNeed
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>A child with a disability.</summary>
    Disability = 1,

    /// <summary>A parent and their baby placed together.</summary>
    ParentAndChild = 2,

    /// <summary>A young person remanded to local authority accommodation.</summary>
    Remand = 3,

    /// <summary>An unaccompanied asylum-seeking child.</summary>
    UnaccompaniedAsylumSeekingChild = 4,
}

/// <summary>The approval rules of a foster household: which status changes are allowed and when reviews fall due.</summary>
public static class HouseholdApproval
{
    /// <summary>Foster carers are reviewed at least once a year (Fostering Services Regulations 2011, regulation 28).</summary>
    public const int ReviewIntervalMonths = 12;

    private static readonly Dictionary<ApprovalStatus, ApprovalStatus[]> Allowed = new()
    {
        [ApprovalStatus.InAssessment] = [ApprovalStatus.Approved, ApprovalStatus.Deregistered],
        [ApprovalStatus.Approved] = [ApprovalStatus.Suspended, ApprovalStatus.Deregistered],
        [ApprovalStatus.Suspended] = [ApprovalStatus.Approved, ApprovalStatus.Deregistered],
        [ApprovalStatus.Deregistered] = [],
    };

    /// <summary>Whether a household may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(ApprovalStatus from, ApprovalStatus to) =>
        Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>
    /// When the next annual review is due: a year after the last review, or after approval when there has been none;
    /// null for a household never approved.
    /// </summary>
    public static DateOnly? ReviewDue(DateOnly? approvedOn, DateOnly? lastReviewOn) =>
        (lastReviewOn ?? approvedOn)?.AddMonths(ReviewIntervalMonths);

    /// <summary>Whether a review due on <paramref name="due"/> is overdue on <paramref name="today"/> for a household in <paramref name="status"/>.</summary>
    public static bool ReviewOverdue(ApprovalStatus status, DateOnly? due, DateOnly today) =>
        status is ApprovalStatus.Approved or ApprovalStatus.Suspended && due is { } day && today > day;
}
