namespace PartnershipHub.Grains;

/// <summary>The persisted state of a claim: who holds a key, and since when.</summary>
public interface IClaimState
{
    /// <summary>The id holding the key, if any.</summary>
    string? Holder { get; set; }

    /// <summary>When the claim was made.</summary>
    DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>
/// A key that one id at a time may hold (an identifier held by one child, a child matched with one household). A
/// claim whose holder never stored what it claimed for (its write failed half way) may be taken over once it is old.
/// </summary>
/// <typeparam name="TState">The stored state.</typeparam>
public abstract class ClaimGrain<TState>(IPersistentState<TState> state, TimeProvider clock) : Grain
    where TState : class, IClaimState
{
    /// <summary>
    /// A claim may be taken over after this long, if its holder does not have it: long enough that a claim still in
    /// flight is never overtaken.
    /// </summary>
    internal static readonly TimeSpan StaleClaimAge = TimeSpan.FromMinutes(5);

    /// <summary>The stored claim.</summary>
    protected IPersistentState<TState> State => state;

    /// <summary>Claims the key for <paramref name="claimant"/>; returns the id that holds it afterwards.</summary>
    public async Task<string> Claim(string claimant)
    {
        if (state.State.Holder is { } holder && holder != claimant && !await IsStale(holder))
        {
            return holder;
        }

        if (state.State.Holder != claimant)
        {
            state.State.Holder = claimant;
            state.State.ClaimedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }

        return claimant;
    }

    /// <summary>Gives up <paramref name="claimant"/>'s claim.</summary>
    public async Task Release(string claimant)
    {
        if (state.State.Holder == claimant)
        {
            await state.ClearStateAsync();
        }
    }

    /// <summary>The id holding the key, or null.</summary>
    public Task<string?> Holder() => Task.FromResult(state.State.Holder);

    /// <summary>Whether <paramref name="holder"/> stored what it claimed the key for.</summary>
    protected abstract Task<bool> HolderHasIt(string holder);

    private async Task<bool> IsStale(string holder) =>
        clock.GetUtcNow() - state.State.ClaimedAt > StaleClaimAge && !await HolderHasIt(holder);
}
