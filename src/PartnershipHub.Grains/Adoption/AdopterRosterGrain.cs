using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Adoption;

namespace PartnershipHub.Grains.Adoption;

/// <summary>The persisted state of a borough's adopter roster.</summary>
public sealed class AdopterRosterState
{
    /// <summary>The households' summaries by adopter id, in the order registered.</summary>
    public List<AdopterSummary> Adopters { get; set; } = [];
}

/// <summary>
/// The adopter households one borough has approved or is assessing: summaries without child-level data, so the
/// adoption partnership can list who is waiting without waking every household's grain.
/// </summary>
public sealed class AdopterRosterGrain(
    [PersistentState("adopter-roster", StorageNames.Hub)] IPersistentState<AdopterRosterState> state) : Grain, IAdopterRosterGrain
{
    /// <inheritdoc />
    public async Task Track(AdopterSummary summary)
    {
        var index = state.State.Adopters.FindIndex(a => a.AdopterId == summary.AdopterId);
        if (index >= 0 && state.State.Adopters[index] == summary)
        {
            return;
        }

        var before = index >= 0 ? state.State.Adopters[index] : null;
        if (index >= 0)
        {
            state.State.Adopters[index] = summary;
        }
        else
        {
            state.State.Adopters.Add(summary);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (before is null)
            {
                state.State.Adopters.Remove(summary);
            }
            else
            {
                state.State.Adopters[index] = before;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AdopterSummary>> All() => Task.FromResult<IReadOnlyList<AdopterSummary>>([.. state.State.Adopters]);
}
