using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnershipHub.Domain.Disclosure;
using Disclosure = PartnershipHub.Domain.Disclosure;

namespace PartnershipHub.Api.Datasets;

/// <summary>
/// The datasets' configuration: the counts suppressed, <c>Datasets:SmallestSuppressed</c> and
/// <c>Datasets:LargestSuppressed</c> (defaults 1 and 4; environment <c>Datasets__LargestSuppressed</c>). A largest
/// of 0 turns suppression off, for a hub whose datasets never leave the partnership's analysts (and for tests that
/// compare every figure).
/// </summary>
public static class DatasetSettings
{
    /// <summary>Reads the small numbers to suppress from configuration.</summary>
    public static SmallNumbers SmallNumbers(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var smallest = configuration.GetValue("Datasets:SmallestSuppressed", Disclosure.SmallNumbers.Default.Smallest);
        var largest = configuration.GetValue("Datasets:LargestSuppressed", Disclosure.SmallNumbers.Default.Largest);
        return smallest < 1 || (largest < smallest && largest != 0)
            ? throw new InvalidOperationException("Datasets:SmallestSuppressed must be 1 or more and not above Datasets:LargestSuppressed (0 turns suppression off).")
            : new SmallNumbers(smallest, largest);
    }
}
