using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PartnershipHub.Cluster.Tests;

/// <summary>Membership in Redis, the cluster's choice off Azure.</summary>
public sealed class RedisSiloFailoverTests(ITestOutputHelper log) : SiloFailoverTests(log)
{
    private readonly RedisServer redis = new();

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> StartMembershipAsync()
    {
        await redis.InitializeAsync();
        return HubCluster.RedisMembership(redis);
    }

    /// <inheritdoc />
    protected override Task StopMembershipAsync() => redis.DisposeAsync();
}

/// <summary>Membership in an Azure table of the hub's own storage account: a cluster on Azure with no Redis.</summary>
public sealed class AzureTableSiloFailoverTests(ITestOutputHelper log) : SiloFailoverTests(log)
{
    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string>> StartMembershipAsync() => Task.FromResult(HubCluster.AzureTableMembership);

    /// <inheritdoc />
    protected override Task StopMembershipAsync() => Task.CompletedTask;
}

/// <summary>
/// Three hub silos in one cluster (one table store, membership as the subclass chooses). A machine dies under load:
/// what the hub acknowledged must survive it, the cluster must notice and carry on, and the machine must be able to
/// come back.
/// </summary>
public abstract class SiloFailoverTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const int LoadCalls = 2000;
    private const int Concurrency = 8;

    // Detect a dead silo in seconds rather than Orleans' production default, so the test stays short.
    private static readonly Dictionary<string, string> FastFailureDetection = new()
    {
        ["Clustering__ProbeTimeout"] = "00:00:01",
        ["Clustering__NumMissedProbesLimit"] = "2",
    };

    private readonly AzuriteServer storage = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private HubCluster? cluster;

    private HubCluster Cluster => cluster!;

    public async Task InitializeAsync()
    {
        try
        {
            var membership = StartMembershipAsync();
            await Task.WhenAll(storage.InitializeAsync(), membership);
            cluster = new HubCluster(storage, await membership, siloCount: 3, FastFailureDetection);
            await cluster.StartAsync();
        }
        catch
        {
            // xunit does not dispose a test class whose initialisation failed: leave no process behind.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        // Silos first, while the stores they report their departure to are still there.
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        await StopMembershipAsync();
        await storage.DisposeAsync();
    }

    [Fact]
    public async Task A_silo_killed_mid_load_loses_no_acknowledged_registration_and_rejoins_when_restarted()
    {
        var victim = Cluster.Silos[2];
        HubProcess[] survivors = [Cluster.Silos[0], Cluster.Silos[1]];
        using var load = new RegistrationLoad(Cluster.Silos, callTimeout: TimeSpan.FromSeconds(20));

        // Registrations spread over all three silos; a third of the way in, one silo's machine dies.
        var loading = load.RegisterAsync(LoadCalls, Concurrency);
        await WaitUntil(() => load.Acknowledged.Count >= LoadCalls / 3 || loading.IsCompleted, TimeSpan.FromMinutes(2), "a third of the load");
        Assert.False(loading.IsCompleted, "The load finished before the silo could be killed mid-load.");
        var killedSiloPort = victim.SiloPort;
        await victim.KillAsync();
        var killedAt = clock.Elapsed;
        load.Route(survivors);

        // Meanwhile the survivors' membership declares the killed silo dead.
        var declaredDead = WaitUntil(() => survivors.All(s => Logged(s, killedSiloPort, "Dead")), TimeSpan.FromMinutes(1), "the silo declared dead");
        await loading;
        var loadDone = clock.Elapsed;
        var deadAt = await declaredDead;
        log.WriteLine($"Load: {load.Acknowledged.Count} of {LoadCalls} calls acknowledged, {load.FailureCount} failed " +
                      $"({Describe(load.Failures)}); silo killed at {killedAt.TotalSeconds:F1}s, declared dead " +
                      $"{(deadAt - killedAt).TotalSeconds:F1}s later; load done at {loadDone.TotalSeconds:F1}s.");
        log.WriteLine("Failures as the survivors logged them: " + string.Join(Environment.NewLine,
            survivors.SelectMany(s => s.Output.Split('\n')).Where(line => line.Contains(" in /partnershiphub.")).Distinct()));
        Assert.True(load.Acknowledged.Count >= LoadCalls / 2, $"Only {load.Acknowledged.Count} of {LoadCalls} calls succeeded.");

        // From then on, new calls succeed: every one of them.
        var failedBefore = load.FailureCount;
        var acknowledgedBefore = load.Acknowledged.Count;
        await load.RegisterAsync(100, Concurrency);
        Assert.Equal(failedBefore, load.FailureCount);
        Assert.Equal(acknowledgedBefore + 100, load.Acknowledged.Count);

        // Every acknowledged registration, whichever silo took it, reads back unchanged through the survivors.
        Assert.Empty(await load.FindUnreadableAsync(survivors, Concurrency));
        log.WriteLine($"All {load.Acknowledged.Count} acknowledged children read back by {clock.Elapsed.TotalSeconds:F1}s.");

        // The silo comes back: SERVING (active in the cluster), seen as active by the others, and answering.
        await victim.StartAsync();
        await WaitUntil(() => survivors.All(s => Logged(s, victim.SiloPort, "Active")), TimeSpan.FromSeconds(30), "the rejoined silo seen active");
        Assert.Empty(await load.FindUnreadableAsync([victim], Concurrency, sample: 100));
        load.Route(Cluster.Silos);
        await load.RegisterAsync(50, Concurrency);
        Assert.Equal(failedBefore, load.FailureCount);
        log.WriteLine($"Rejoined and answering by {clock.Elapsed.TotalSeconds:F1}s.");

        // All silos key the identifier index alike: a child registered before the failure cannot be registered
        // again through the silo that was killed and restarted.
        var earlier = load.Acknowledged.First();
        var again = RegistrationLoad.NewChild(earlier.ResponsibleBorough);
        again.Identifiers.NhsNumber = earlier.Identifiers.NhsNumber;
        using var channel = victim.Channel();
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => new ChildrenService.ChildrenServiceClient(channel)
            .RegisterChildAsync(again, victim.As(earlier.ResponsibleBorough, "mash-practitioner")).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
    }

    /// <summary>Starts the membership store and returns the silos' settings for it.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> StartMembershipAsync();

    /// <summary>Stops the membership store.</summary>
    protected abstract Task StopMembershipAsync();

    private static bool Logged(HubProcess observer, int siloPort, string status) =>
        Regex.IsMatch(observer.Output, $@"Cluster membership: silo 127\.0\.0\.1:{siloPort} generation \d+ \(.*\) is {status}\b");

    private static string Describe(IReadOnlyDictionary<StatusCode, int> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.Select(f => $"{f.Key}: {f.Value}"));

    /// <summary>Polls <paramref name="condition"/> and returns the time on the test's clock at which it held.</summary>
    private async Task<TimeSpan> WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(200);
        }

        return clock.Elapsed;
    }
}
