using Xunit;

namespace PartnershipHub.Testing;

/// <summary>
/// One hub process on its embedded SQLite store (the default users run), shared by the tests of a collection. Each
/// test works with its own children, so they do not interfere.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    private readonly DirectoryInfo dataRoot = Directory.CreateTempSubdirectory("phub-hub-");

    /// <summary>A folder removed with the fixture, for the data folders of further hubs a test starts beside this one.</summary>
    public string DataRoot => dataRoot.FullName;

    /// <summary>The running hub.</summary>
    public HubProcess Hub { get; private set; } = null!;

    /// <summary>How long agencies have to answer a red contact's requests on this hub.</summary>
    public static TimeSpan RedResponseTime { get; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Hub = new HubProcess(Path.Combine(DataRoot, "hub"));

        // Red requests fall due after five seconds here, so tests can see one become overdue; the other ratings keep
        // the partnership's defaults.
        Hub.Settings["Mash__ResponseTimes__RedHours"] = (RedResponseTime.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Hub.StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        dataRoot.Delete(recursive: true);
    }
}
