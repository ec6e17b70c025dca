using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Fostering;

namespace PartnershipHub.Grains.Fostering;

/// <summary>The persisted state of a borough's register of foster households.</summary>
public sealed class FosterRegisterState
{
    /// <summary>Summaries by household id.</summary>
    public Dictionary<string, HouseholdSummary> Households { get; set; } = [];
}

/// <summary>
/// One approving borough's foster households, as summaries (a few hundred bytes each, so even a thousand households
/// stay far below the table entity limit).
/// </summary>
public sealed class FosterRegisterGrain(
    [PersistentState("foster-register", StorageNames.Hub)] IPersistentState<FosterRegisterState> state) : Grain, IFosterRegisterGrain
{
    /// <inheritdoc />
    public async Task Track(HouseholdSummary household)
    {
        // Called once per change of a household, so there is no point comparing before writing.
        state.State.Households[household.HouseholdId] = household;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HouseholdSummary>> Households() =>
        Task.FromResult<IReadOnlyList<HouseholdSummary>>(
            [.. state.State.Households.Values.OrderBy(h => h.Reference, StringComparer.Ordinal).ThenBy(h => h.HouseholdId, StringComparer.Ordinal)]);
}
