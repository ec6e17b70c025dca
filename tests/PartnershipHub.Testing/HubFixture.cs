using Xunit;

namespace PartnershipHub.Testing;

/// <summary>
/// A real Azurite and one hub process on it, shared by the tests of a collection. Each test works with its own
/// children, so they do not interfere.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    /// <summary>The table store.</summary>
    public AzuriteServer Storage { get; } = new();

    /// <summary>The running hub.</summary>
    public HubProcess Hub { get; private set; } = null!;

    /// <summary>How long agencies have to answer a red contact's requests on this hub.</summary>
    public static TimeSpan RedResponseTime { get; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        Hub = new HubProcess(Storage.ConnectionString, Path.Combine(Storage.DataFolder, "hub"));

        // Red requests fall due after five seconds here, so tests can see one become overdue; the other ratings keep
        // the partnership's defaults.
        Hub.Settings["Mash__ResponseTimes__RedHours"] = (RedResponseTime.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Hub.StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Storage.DisposeAsync();
    }
}
