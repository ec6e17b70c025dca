using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Grains.Measures;

/// <summary>The persisted population estimates.</summary>
public sealed class PopulationState
{
    /// <summary>Where the loaded figures come from; null until an administrator loads some.</summary>
    public string? Source { get; set; }

    /// <summary>The loaded figures.</summary>
    public List<PopulationEstimate> Estimates { get; set; } = [];

    /// <summary>Changes with every load.</summary>
    public string Version { get; set; } = "illustrative";
}

/// <summary>The population denominators of the rates, loaded by an administrator.</summary>
public sealed class PopulationGrain(
    [PersistentState("population", StorageNames.Hub)] IPersistentState<PopulationState> state) : Grain, IPopulationGrain
{
    /// <inheritdoc />
    public async Task Load(string source, IReadOnlyList<PopulationEstimate> estimates)
    {
        var previous = (state.State.Source, state.State.Estimates, state.State.Version);
        (state.State.Source, state.State.Estimates, state.State.Version) = (source, [.. estimates], Guid.NewGuid().ToString("N"));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Source, state.State.Estimates, state.State.Version) = previous;
            throw;
        }
    }

    /// <inheritdoc />
    public Task<string> Version() => Task.FromResult(state.State.Version);

    /// <inheritdoc />
    public Task<PopulationFigures> Estimates() => Task.FromResult(state.State.Source is { } source
        ? new PopulationFigures(source, state.State.Estimates)
        : new PopulationFigures(PopulationEstimates.Illustrative.Source, PopulationEstimates.Illustrative.Estimates));
}
