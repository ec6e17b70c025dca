using Grpc.Core;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>
/// The partnership's published England and London comparators: loaded by an analyst from a CSV through the same
/// reader as <c>phub datasets comparators --file</c>, checked field by field, audited, and kept in the hub's store on
/// both backends. The figures are this test's own, made up for it; they are not published ones.
/// </summary>
public sealed class ComparatorTests : IAsyncLifetime
{
    /// <summary>A file as an analyst writes it; the publication names say plainly that these figures are the test's.</summary>
    public const string FixtureCsv = """
        area,measure,period,figure,value,source,publication
        england,cp-plans,2024-03-31,rate-per-10000,40.5,Test fixture,"Made-up figures for the hub's tests, table 1"
        london,cp-plans,2024-03-31,rate-per-10000,35.25,Test fixture,"Made-up figures for the hub's tests, table 1"
        england,cp-plans,2024-03-31,count,50000,Test fixture,"Made-up figures for the hub's tests, table 1"
        england,icpc-resulting-in-plan,2023-24,percentage,78.5,Test fixture,"Made-up figures for the hub's tests, table 2"
        """;

    private readonly AzuriteServer storage = new();

    public Task InitializeAsync() => storage.InitializeAsync();

    public Task DisposeAsync() => storage.DisposeAsync();

    /// <summary>Writes <see cref="FixtureCsv"/> to a file and reads it as <c>phub datasets comparators --file</c> does.</summary>
    public static LoadComparatorsRequest FixtureRequest()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, FixtureCsv);
            return DatasetCommands.Comparators(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_file_with_a_wrong_field_in_each_figure_is_refused_naming_each_and_loads_nothing()
    {
        await using var hub = new HubProcess(Path.Combine(storage.DataFolder, "sqlite"));
        await hub.StartAsync();
        var datasets = new DatasetService.DatasetServiceClient(hub.Channel());
        var analyst = hub.As("lscp", "partnership-analyst", "lscp.analyst");
        Comparator Good() => FixtureRequest().Comparators[0].Clone();
        var request = new LoadComparatorsRequest
        {
            Comparators =
            {
                Good().With(c => c.Measure = "cp-plan"),
                Good().With(c => c.Period = "2024-04-01"),
                Good().With(c => c.Figure = ComparatorFigure.Percentage),
                Good().With(c => (c.Area, c.Figure, c.Value) = (ComparatorArea.London, ComparatorFigure.Count, -1)),
                Good().With(c => c.Area = ComparatorArea.Unspecified),
                Good().With(c => (c.Area, c.Source) = (ComparatorArea.London, "Test\u202Efixture")),
                Good().With(c => (c.Measure, c.Figure, c.Value) = ("icpc-resulting-in-plan", ComparatorFigure.Percentage, 101)),
                Good().With(c => (c.Figure, c.Publication) = (ComparatorFigure.Count, string.Empty)),
                Good().With(c => c.Period = "2023-24"),
                Good(),
                Good(),
            },
        };

        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => datasets.LoadComparatorsAsync(request, analyst).ResponseAsync);
        Assert.Equal(
            ["comparators[0].measure", "comparators[1].period", "comparators[2].figure", "comparators[3].value", "comparators[4].area", "comparators[5].source",
             "comparators[6].period", "comparators[6].value", "comparators[7].publication", "comparators[8].period", "comparators[10]"],
            RpcAssert.Violations(error).Select(v => v.Field));
        Assert.Empty((await datasets.ListComparatorsAsync(new ListComparatorsRequest(), analyst)).Comparators);
    }

    [Fact]
    public async Task Only_analysts_and_administrators_load_them_and_every_load_is_in_the_partnership_datasets_trail()
    {
        await using var hub = new HubProcess(Path.Combine(storage.DataFolder, "sqlite"));
        await hub.StartAsync();
        var datasets = new DatasetService.DatasetServiceClient(hub.Channel());
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => datasets.LoadComparatorsAsync(FixtureRequest(), hub.As("E09000033", "mash-manager", "wcc.manager")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => datasets.ListComparatorsAsync(new ListComparatorsRequest(), hub.As("E09000033", "borough-sync", "wcc.sync")).ResponseAsync);
        var loaded = await datasets.LoadComparatorsAsync(FixtureRequest(), hub.As("hub-admin", "administrator", "hub.admin"));
        Assert.Equal((4, 4), (loaded.Loaded, loaded.Held));

        var records = HubDatabase.Query(hub.Database,
            "SELECT user_id, outcome, detail FROM audit_record WHERE subject = 'partnership/datasets' AND action = 'datasets.comparators.load' ORDER BY sequence");
        Assert.Equal([("wcc.manager", "denied"), ("hub.admin", "done")], records.Select(r => ((string)r["user_id"]!, (string)r["outcome"]!)));
        Assert.Contains("4 comparators from Made-up figures for the hub's tests, table 1; Made-up figures for the hub's tests, table 2; 4 held", (string)records[1]["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loaded_figures_replace_the_same_figure_and_are_read_back_after_a_restart_on_the_embedded_store()
        => await LoadedAndReadBack(dataFolder => new HubProcess(dataFolder), "sqlite");

    [Fact]
    public async Task Loaded_figures_replace_the_same_figure_and_are_read_back_after_a_restart_on_azure_tables()
        => await LoadedAndReadBack(dataFolder => new HubProcess(storage.ConnectionString, dataFolder), "azure");

    private async Task LoadedAndReadBack(Func<string, HubProcess> newHub, string folder)
    {
        var dataFolder = Path.Combine(storage.DataFolder, folder);
        ListComparatorsResponse before;
        await using (var hub = newHub(dataFolder))
        {
            await hub.StartAsync();
            var datasets = new DatasetService.DatasetServiceClient(hub.Channel());
            var analyst = hub.As("lscp", "partnership-analyst", "lscp.analyst");
            await datasets.LoadComparatorsAsync(FixtureRequest(), analyst);
            var corrected = FixtureRequest().Comparators[1].Clone().With(c => c.Value = 36);
            Assert.Equal(4, (await datasets.LoadComparatorsAsync(new LoadComparatorsRequest { Comparators = { corrected } }, analyst)).Held);
            before = await datasets.ListComparatorsAsync(new ListComparatorsRequest(), analyst);
            Assert.Equal(36, before.Comparators.Single(c => c.Area == ComparatorArea.London).Value);
            Assert.Equal(["icpc-resulting-in-plan"], (await datasets.ListComparatorsAsync(new ListComparatorsRequest { Measures = { "icpc-resulting-in-plan" } }, analyst)).Comparators.Select(c => c.Measure));
            await hub.StopAsync();
        }

        await using (var hub = newHub(dataFolder))
        {
            await hub.StartAsync();
            var after = await new DatasetService.DatasetServiceClient(hub.Channel()).ListComparatorsAsync(new ListComparatorsRequest(), hub.As("lscp", "partnership-analyst"));
            Assert.Equal(before, after);
            Assert.Equal(4, after.Comparators.Count);
        }
    }
}

/// <summary>Changes a message in line, for requests built from a good one.</summary>
internal static class MessageChanges
{
    /// <summary>Applies <paramref name="change"/> to <paramref name="message"/> and returns it.</summary>
    public static T With<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
