using System.Diagnostics.CodeAnalysis;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using PartnershipHub.Storage.AzureTables;

namespace PartnershipHub.Storage.Tests;

/// <summary>Builds providers the way a silo would, each with its own client, for tests that talk to the provider directly.</summary>
internal static class StorageHarness
{
    public const string ServiceId = "phub-tests";

    public static string NewTableName() => "t" + Guid.NewGuid().ToString("N");

    public static GrainId NewGrainId(string type = "referral") => GrainId.Create(type, Guid.NewGuid().ToString("N"));

    public static async Task<HubTableGrainStorage> CreateAsync(
        string connectionString, string table, Action<HubTableGrainStorageOptions>? configure = null, bool initialize = true)
    {
        var options = new HubTableGrainStorageOptions { TableName = table };
        options.ConfigureTableServiceClient(connectionString);
        configure?.Invoke(options);
        var storage = new HubTableGrainStorage(
            "store",
            options,
            Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = "test" }),
            NullLogger<HubTableGrainStorage>.Instance);
        if (initialize)
        {
            await storage.InitializeAsync();
        }

        return storage;
    }

    public static TableClient Table(string connectionString, string table) => new TableServiceClient(connectionString).GetTableClient(table);

    public static async Task<TestGrainState<T>> ReadAsync<T>(this HubTableGrainStorage storage, string stateName, GrainId grainId)
        where T : new()
    {
        var state = new TestGrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
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
