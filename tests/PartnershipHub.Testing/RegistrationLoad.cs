using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Testing;

/// <summary>
/// Registers made-up children through gRPC with a fixed number of concurrent callers, each call going to the next
/// hub in turn, and keeps the registrations the hub acknowledged. A failed call is counted and not retried: the
/// caller moves on to a fresh child, so nothing unacknowledged is ever expected back.
/// </summary>
public sealed class RegistrationLoad : IDisposable
{
    /// <summary>The boroughs the children are spread over (Westminster, Hammersmith and Fulham, Kensington and Chelsea).</summary>
    public static readonly IReadOnlyList<string> Boroughs = ["E09000033", "E09000013", "E09000020"];

    private const string Role = "mash-practitioner";

    private static long nextNumber = Random.Shared.NextInt64(100_000_000, 500_000_000);

    private readonly Dictionary<string, Metadata> headers;
    private readonly ConcurrentDictionary<string, GrpcChannel> channels = new();
    private readonly ConcurrentQueue<Child> acknowledged = new();
    private readonly ConcurrentDictionary<StatusCode, int> failures = new();
    private readonly TimeSpan callTimeout;
    private IReadOnlyList<HubProcess> targets;
    private long turn;

    /// <summary>Sends calls to <paramref name="hubs"/>; tokens are signed with the first hub's local key.</summary>
    public RegistrationLoad(IReadOnlyList<HubProcess> hubs, TimeSpan callTimeout)
    {
        targets = hubs;
        this.callTimeout = callTimeout;
        headers = Boroughs.ToDictionary(b => b, b => hubs[0].As(b, Role, "load-" + b));
    }

    /// <summary>The registrations the hubs acknowledged, as they returned them.</summary>
    public IReadOnlyCollection<Child> Acknowledged => acknowledged;

    /// <summary>Calls that failed, by status code.</summary>
    public IReadOnlyDictionary<StatusCode, int> Failures => failures;

    /// <summary>How many calls failed.</summary>
    public int FailureCount => failures.Values.Sum();

    /// <summary>Sends all further calls to <paramref name="hubs"/>, as a load balancer does once a health check fails.</summary>
    public void Route(IReadOnlyList<HubProcess> hubs) => Volatile.Write(ref targets, hubs);

    /// <summary>
    /// Makes <paramref name="calls"/> registration calls with <paramref name="concurrency"/> callers and returns how
    /// long they took.
    /// </summary>
    public async Task<TimeSpan> RegisterAsync(int calls, int concurrency, CancellationToken cancellation = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, calls),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation },
            async (_, token) => await RegisterOneAsync(token));
        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Reads back every acknowledged child through <paramref name="hubs"/>, in turn, and returns a description of
    /// each one that was missing, different or failed to read.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindUnreadableAsync(IReadOnlyList<HubProcess> hubs, int concurrency, int? sample = null)
    {
        var problems = new ConcurrentQueue<string>();
        var children = acknowledged.ToArray();
        var toRead = sample is { } size ? children.Take(size).ToArray() : children;
        await Parallel.ForEachAsync(
            toRead.Select((child, index) => (child, hub: hubs[index % hubs.Count])),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (item, token) =>
            {
                var (child, hub) = item;
                try
                {
                    var read = await Client(hub).GetChildAsync(
                        new GetChildRequest { ChildId = child.ChildId, Purpose = AccessPurpose.CaseManagement },
                        headers[child.ResponsibleBorough],
                        DateTime.UtcNow + callTimeout,
                        token);
                    if (!read.Child.Equals(child))
                    {
                        problems.Enqueue($"{child.ChildId} via {hub.Address}: read back a different record");
                    }
                }
                catch (RpcException ex)
                {
                    problems.Enqueue($"{child.ChildId} via {hub.Address}: {ex.StatusCode} {ex.Status.Detail}");
                }
            });
        return problems.ToArray();
    }

    /// <summary>A valid registration of a made-up child with <paramref name="borough"/>, with an NHS number not used before in this run.</summary>
    public static RegisterChildRequest NewChild(string borough) => new()
    {
        ResponsibleBorough = borough,
        GivenName = "Loadtest",
        FamilyName = "Example",
        BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2015-09-01" },
        Identifiers = new ChildIdentifiers { NhsNumber = FreshNhsNumber() },
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }
    }

    private async Task RegisterOneAsync(CancellationToken cancellation)
    {
        var hubs = Volatile.Read(ref targets);
        var number = Interlocked.Increment(ref turn);
        var hub = hubs[(int)(number % hubs.Count)];
        var borough = Boroughs[(int)(number % Boroughs.Count)];
        try
        {
            var reply = await Client(hub).RegisterChildAsync(
                NewChild(borough), headers[borough], DateTime.UtcNow + callTimeout, cancellation);
            acknowledged.Enqueue(reply.Child);
        }
        catch (RpcException ex)
        {
            failures.AddOrUpdate(ex.StatusCode, 1, (_, count) => count + 1);
        }
    }

    private ChildrenService.ChildrenServiceClient Client(HubProcess hub) =>
        new(channels.GetOrAdd(hub.Address, address => GrpcChannel.ForAddress(address)));

    /// <summary>Nine digits taken in sequence, skipping those for which no mod-11 check digit exists.</summary>
    private static string FreshNhsNumber()
    {
        string firstNine;
        int check;
        do
        {
            firstNine = Interlocked.Increment(ref nextNumber).ToString();
            check = NhsNumber.CheckDigit(firstNine);
        }
        while (check < 0);

        return firstNine + check;
    }
}
