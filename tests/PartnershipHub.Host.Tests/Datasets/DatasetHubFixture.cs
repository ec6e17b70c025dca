using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>
/// A hub of its own for the dataset tests, so that no other test's children are in its totals, with small-number
/// suppression turned off so that every figure can be compared with the test's own.
/// </summary>
public class DatasetHubFixture : IAsyncLifetime
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
        Hub.Settings["Datasets__LargestSuppressed"] = "0";
        Configure(Hub);
        await Hub.StartAsync();
    }

    /// <summary>Further settings of the hub, before it starts.</summary>
    protected virtual void Configure(HubProcess hub)
    {
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Storage.DisposeAsync();
    }
}

/// <summary>The dataset tests, on their own hub.</summary>
[CollectionDefinition(Name)]
public sealed class DatasetCollection : ICollectionFixture<DatasetHubFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "datasets";
}
