using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Host.Tests.Sync;
using PartnershipHub.Testing;
using Xunit.Abstractions;

namespace PartnershipHub.Host.Tests.Storage;

/// <summary>
/// What each everyday action costs the Azure store, in requests to the table service (issue 15's table): the real
/// host on Azurite logs every request its table clients send (<c>Storage:RequestLog</c>, a pipeline policy on the
/// Azure SDK client), and each action is counted from its call until the log has been quiet for a while, so the
/// follow-up work it hands over (roster, feed, audit) counts too. A budget exceeded fails the test.
/// </summary>
public sealed class StorageRequestBudgetTests(ITestOutputHelper log) : IAsyncLifetime
{
    /// <summary>How long the log must stay quiet before an action counts as finished.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private const int SyncBatch = 10;

    private readonly AzuriteServer storage = new();
    private readonly string requestLog = Path.Combine(Path.GetTempPath(), $"phub-requests-{Guid.NewGuid():N}.log");
    private HubProcess? hub;

    private HubProcess Hub => hub!;

    public async Task InitializeAsync()
    {
        await storage.InitializeAsync();
        hub = new HubProcess(storage.ConnectionString, Path.Combine(storage.DataFolder, "hub"));
        Hub.Settings["Storage__RequestLog"] = requestLog;
        await Hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }

        await storage.DisposeAsync();
        File.Delete(requestLog);
    }

    [Fact]
    public async Task Each_action_stays_within_its_storage_request_budget()
    {
        var measured = new List<(string Action, double Requests, int Budget, int Goal)>();

        // The borough's, the partnership's and the index's grains are warm in a hub that has served anyone: warm them.
        await Register();
        var active = await SyncNewChild();
        await View(active.ChildId);
        var coldForCare = await SyncNewChild();
        var coldForView = await SyncNewChild();

        // Where Budget is above Goal the budget is what the hub costs (measured 30 November 2026, issue 15's last part;
        // the arithmetic of each, request by request, is in deploy/OPERATIONS.md): the child's row, its identifiers'
        // rows, its audit chain, the feed's expectation and commit, the roster page and the measures collector and
        // totals are each their own row in their own partition, so no transaction joins them. The budget keeps the count
        // from growing; lower it as they shrink. Sync per child varies with how many feed and roster commits a batch
        // takes (7.4 to 8.5 measured in four runs), hence 9.
        measured.Add(("register one new child", await Count(Register), Budget: 7, Goal: 4));
        var perChild = await Count(() => SyncNewChildren(SyncBatch)) / (double)SyncBatch;
        measured.Add(("new child through sync, per child of a batch of 10", perChild, Budget: 9, Goal: 3));
        measured.Add(("care record through sync, child active", await Count(() => SyncReferral(active, 150)), Budget: 8, Goal: 2));

        // Its collector and totals shard (the year of the referral) were cold above, as few children were served: in a
        // busy hub they are warm, as they are for a second referral of the same year.
        measured.Add(("care record through sync, child, collector and totals active", await Count(() => SyncReferral(active, 200)), Budget: 6, Goal: 2));
        measured.Add(("MASH view, child active", await Count(() => View(active.ChildId)), Budget: 1, Goal: 1));

        // A restart leaves every child cold; a first action on another child warms what every child shares again.
        await Hub.StopAsync();
        await Hub.StartAsync();
        var warm = await SyncNewChild();
        await SyncReferral(warm);
        await View(warm.ChildId);
        measured.Add(("care record through sync, child cold", await Count(() => SyncReferral(coldForCare)), Budget: 11, Goal: 4));
        measured.Add(("MASH view, child cold", await Count(() => View(coldForView.ChildId)), Budget: 3, Goal: 3));

        foreach (var (action, requests, budget, goal) in measured)
        {
            log.WriteLine($"{action}: {requests:0.#} requests (budget {budget}, goal {goal})");
        }

        Assert.All(measured, m => Assert.True(m.Requests <= m.Budget, $"{m.Action}: {m.Requests:0.#} requests, over its budget of {m.Budget}"));
    }

    private Metadata BoroughSync => Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");

    private async Task Register()
    {
        using var channel = Hub.Channel();
        await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(ChildRequests.Child(), Hub.As(ChildRequests.Westminster, "social-worker"));
    }

    private async Task<(string CaseId, string ChildId)> SyncNewChild() => (await SyncNewChildren(1)).Single();

    private async Task<List<(string CaseId, string ChildId)>> SyncNewChildren(int count)
    {
        using var channel = Hub.Channel();
        var details = Enumerable.Range(0, count)
            .Select(_ => SyncClient.ChildDetails("WCC-" + Guid.NewGuid().ToString("N")[..10], "v1", "Robin"))
            .ToList();
        var outcomes = (await SyncClient.Push(new SyncService.SyncServiceClient(channel), BoroughSync, [details])).Single().Outcomes;
        Assert.All(outcomes, outcome => Assert.Equal(ChangeOutcome.Applied, outcome.Outcome));
        return details.Zip(outcomes, (record, outcome) => (record.ChildCaseId, outcome.RecordId)).ToList();
    }

    /// <summary>Sends a referral of the child, <paramref name="day"/> days into 2020 (a random day unless given).</summary>
    private async Task SyncReferral((string CaseId, string ChildId) child, int? day = null)
    {
        using var channel = Hub.Channel();
        var referral = SyncClient.Referral(child.CaseId, day ?? Random.Shared.Next(1, 300));
        var outcome = (await SyncClient.Push(new SyncService.SyncServiceClient(channel), BoroughSync, [[referral]])).Single().Outcomes.Single();
        Assert.Equal(ChangeOutcome.Applied, outcome.Outcome);
    }

    private async Task View(string childId)
    {
        using var channel = Hub.Channel();
        await new MashService.MashServiceClient(channel).GetMultiAgencyViewAsync(MashRequests.View(childId), Hub.As(ChildRequests.Westminster, "mash-practitioner"));
    }

    /// <summary>
    /// The requests the store received for <paramref name="action"/>, its follow-up work included; the readiness
    /// check's reads of the layout row, made periodically whatever the hub does, are left out.
    /// </summary>
    private async Task<int> Count(Func<Task> action)
    {
        await WaitForQuiet();
        var before = Lines();
        await action();
        await WaitForQuiet();
        var sent = File.ReadAllLines(requestLog)[before..].Where(line => !line.EndsWith(" layout", StringComparison.Ordinal)).ToArray();
        log.WriteLine(string.Join(", ", sent.GroupBy(line => line).Select(group => $"{group.Count()} x {group.Key}")));
        return sent.Length;
    }

    private async Task WaitForQuiet()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var seen = Lines();
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < Quiet)
        {
            Assert.True(DateTime.UtcNow < deadline, "The hub's storage requests did not settle within a minute.");
            await Task.Delay(200);
            var now = Lines();
            if (now != seen)
            {
                (seen, since) = (now, DateTime.UtcNow);
            }
        }
    }

    private int Lines() => File.Exists(requestLog) ? File.ReadAllLines(requestLog).Length : 0;
}
