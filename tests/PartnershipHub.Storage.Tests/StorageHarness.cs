using System.Diagnostics.CodeAnalysis;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using PartnershipHub.Storage.AzureTables;

namespace PartnershipHub.Storage.Tests;

/// <summary>Builds providers the way a silo would, each with its own client, for tests that talk to the provider directly.</summary>
internal static class StorageHarness
{
    public const string ServiceId = "phub-tests";

    public static string NewTableName() => "t" + Guid.NewGuid().ToString("N");

    public static GrainId NewGrainId(string type = "referral") => GrainId.Create(type, Guid.NewGuid().ToString("N"));

    /// <summary>Orleans' own provider with the hub's options, started as a silo starts it, behind <see cref="TableGrainStorage"/>.</summary>
    public static async Task<TableGrainStorage> CreateAsync(string connectionString, string table)
    {
        var options = new AzureTableStorageOptions();
        TableGrainStorageExtensions.Configure(options, new TableServiceClient(connectionString), table);
        var official = new AzureTableGrainStorage(
            TableGrainStorage.InnerName("store"),
            options,
            Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = "test" }),
            NullLogger<AzureTableGrainStorage>.Instance,
            Activators);
        var lifecycle = new StartOnly();
        official.Participate(lifecycle);
        await lifecycle.StartAsync();
        return new TableGrainStorage("store", official, table);
    }

    /// <summary>The PartitionKey and RowKey of a grain state, as the official provider derives them from what <see cref="TableGrainStorage"/> gives it.</summary>
    public static (string PartitionKey, string RowKey) Keys(string stateName, GrainId grain) =>
        (TableGrainStorage.PartitionPrefix(ServiceId) + TableGrainStorage.StoredId(grain).ToString()!.Replace('/', '_'), TableGrainStorage.RowName(stateName, grain));

    public static TableClient Table(string connectionString, string table) => new TableServiceClient(connectionString).GetTableClient(table);

    public static async Task<TestGrainState<T>> ReadAsync<T>(this IGrainStorage storage, string stateName, GrainId grainId)
        where T : new()
    {
        var state = new TestGrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    private static IActivatorProvider Activators { get; } =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    /// <summary>The part of a silo's lifecycle a storage provider subscribes to: its start.</summary>
    private sealed class StartOnly : ISiloLifecycle
    {
        private readonly List<(int Stage, ILifecycleObserver Observer)> observers = [];

        public int HighestCompletedStage { get; private set; }

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            observers.Add((stage, observer));
            return new CancellationTokenSource();
        }

        public async Task StartAsync()
        {
            foreach (var (stage, observer) in observers.OrderBy(o => o.Stage))
            {
                await observer.OnStart();
                HighestCompletedStage = stage;
            }
        }
    }
}

public sealed class CaseState
{
    public int Count { get; set; }

    public string Notes { get; set; } = "";
}

/// <summary>Version 1 of a state type, as an older build wrote it.</summary>
public sealed class ReferralStateV1
{
    public string Summary { get; set; } = "";

    public int Priority { get; set; }

    public string RetiredField { get; set; } = "";
}

/// <summary>Version 2: gained two members (one with a non-trivial default) and lost <c>RetiredField</c>.</summary>
public sealed class ReferralStateV2
{
    public string Summary { get; set; } = "";

    public int Priority { get; set; }

    public string Outcome { get; set; } = "awaiting decision";

    public List<string> Agencies { get; set; } = [];
}

/// <summary>The in-memory side of a grain state, as a grain's <c>IPersistentState</c> would hold it.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    private T state = new();

    [AllowNull]
    public T State
    {
        get => state;
        set => state = value ?? new();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
