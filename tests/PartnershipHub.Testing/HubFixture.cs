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

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        Hub = new HubProcess(Storage.ConnectionString, Path.Combine(Storage.DataFolder, "hub"));
        await Hub.StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Storage.DisposeAsync();
    }
}
