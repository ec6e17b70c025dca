using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Api.Datasets;

/// <summary>
/// The population estimates as the datasets use them, kept between calls: each dataset asks the population grain only
/// for its version (a few bytes) and fetches the figures again when an administrator has loaded new ones, on any silo.
/// </summary>
public sealed class PopulationCache(IGrainFactory grains)
{
    // One reference, replaced whole, so concurrent calls never see a version with another version's figures.
    private Held? held;

    /// <summary>The estimates in force.</summary>
    public async Task<PopulationEstimates> Current()
    {
        var grain = grains.GetGrain<IPopulationGrain>(IPopulationGrain.Key);
        var version = await grain.Version();
        if (held is { } cached && cached.Version == version)
        {
            return cached.Estimates;
        }

        var figures = await grain.Estimates();
        var estimates = new PopulationEstimates(figures.Source, figures.Estimates);
        held = new Held(version, estimates);
        return estimates;
    }

    private sealed record Held(string Version, PopulationEstimates Estimates);
}
