namespace PartnershipHub.Domain.Adoption;

/// <summary>The steps of an adopter household's journey, in the order they must happen (domain.md section 2, point 12).</summary>
public enum AdopterMilestone
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>The household's enquiry, or registration of interest, with the adoption agency.</summary>
    Enquiry = 1,

    /// <summary>The agency approved the household as prospective adopters.</summary>
    Approved = 2,

    /// <summary>Matched with a child.</summary>
    Matched = 3,

    /// <summary>The child placed with them for adoption.</summary>
    Placed = 4,

    /// <summary>The court granted the adoption order.</summary>
    AdoptionOrder = 5,
}

/// <summary>Why a milestone cannot be recorded: a step taken out of turn, or a date that does not fit.</summary>
/// <param name="WrongStep">True when the step itself is not possible now (recorded already, or the step before it is missing); false when only the date is wrong.</param>
/// <param name="Description">What is wrong, in words a caller can act on.</param>
public sealed record MilestoneProblem(bool WrongStep, string Description);

/// <summary>
/// The order of an adoption's milestones: each is recorded once, after the one before it, dated on or after it and
/// not in the future. An adoption order needs the child to have lived with the adopters for at least ten weeks
/// (Adoption and Children Act 2002, section 42(2)).
/// </summary>
public static class AdoptionMilestones
{
    /// <summary>How long a child must have lived with the adopters before an adoption order.</summary>
    public const int WeeksPlacedBeforeOrder = 10;

    /// <summary>
    /// Checks that <paramref name="milestone"/> may be recorded on <paramref name="date"/>, given the milestones
    /// already <paramref name="recorded"/>, on <paramref name="today"/>. Null when it may.
    /// </summary>
    public static MilestoneProblem? Check(IReadOnlyDictionary<AdopterMilestone, DateOnly> recorded, AdopterMilestone milestone, DateOnly date, DateOnly today)
    {
        if (milestone == AdopterMilestone.None)
        {
            return new MilestoneProblem(false, "a milestone must be named");
        }

        if (recorded.TryGetValue(milestone, out var already))
        {
            return new MilestoneProblem(true, $"{milestone} is already recorded ({already:yyyy-MM-dd}); each milestone is recorded once");
        }

        var previous = milestone - 1;
        if (previous != AdopterMilestone.None && !recorded.ContainsKey(previous))
        {
            return new MilestoneProblem(true, $"{milestone} needs {previous} to be recorded first");
        }

        if (date > today)
        {
            return new MilestoneProblem(false, $"is in the future (today is {today:yyyy-MM-dd})");
        }

        if (recorded.TryGetValue(previous, out var before) && date < before)
        {
            return new MilestoneProblem(false, $"is before {previous} ({before:yyyy-MM-dd}); milestones are dated in order");
        }

        if (milestone == AdopterMilestone.AdoptionOrder && date < before.AddDays(7 * WeeksPlacedBeforeOrder))
        {
            return new MilestoneProblem(false,
                $"is less than {WeeksPlacedBeforeOrder} weeks after the child was placed ({before:yyyy-MM-dd}); the child must have lived with the adopters that long");
        }

        return null;
    }
}
