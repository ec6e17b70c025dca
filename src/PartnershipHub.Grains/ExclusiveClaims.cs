namespace PartnershipHub.Grains;

/// <summary>The state of an exclusive claim: who holds it and since when.</summary>
public interface IClaimState
{
    /// <summary>The holder's id; null when nobody holds the claim.</summary>
    string? Holder { get; set; }

    /// <summary>When the holder claimed it.</summary>
    DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>
/// One holder at a time for something (an identifier, a child's placement), claimed before the holder stores what
/// depends on it. A claim whose holder never stored it (a write failed half way) may be taken over once it is old
/// enough that the holder cannot still be storing it.
/// </summary>
public static class ExclusiveClaims
{
    /// <summary>How old a claim must be before it may be found stale; long enough that no call still in flight is overtaken.</summary>
    public static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Claims for <paramref name="claimant"/> unless another holder has it and, asked through
    /// <paramref name="stillHolds"/>, still holds it; returns the holder afterwards.
    /// </summary>
    public static async Task<string> Claim<TState>(IPersistentState<TState> state, string claimant, TimeProvider clock, Func<string, Task<bool>> stillHolds)
        where TState : IClaimState
    {
        var claim = state.State;
        if (claim.Holder is { } holder && holder != claimant && (clock.GetUtcNow() - claim.ClaimedAt <= StaleAge || await stillHolds(holder)))
        {
            return holder;
        }

        if (claim.Holder != claimant)
        {
            claim.Holder = claimant;
            claim.ClaimedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }

        return claimant;
    }

    /// <summary>Releases the claim if <paramref name="claimant"/> holds it.</summary>
    public static async Task Release<TState>(IPersistentState<TState> state, string claimant)
        where TState : IClaimState
    {
        if (state.State.Holder == claimant)
        {
            await state.ClearStateAsync();
        }
    }
}
