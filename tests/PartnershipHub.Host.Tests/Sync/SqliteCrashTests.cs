using Grpc.Core;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// The hub on its embedded SQLite store, killed with SIGKILL again and again while a borough's case system pushes
/// records: what it acknowledged is always there once, every audit chain verifies, and resending what was not
/// acknowledged completes the rest.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private const int Children = 4;
    private const int Batches = 30;
    private const int PerChildPerBatch = 5;
    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-crash-");

    public void Dispose() => dataFolder.Delete(recursive: true);

    [Fact]
    public async Task Killed_at_random_points_mid_push_the_hub_keeps_each_acknowledged_record_once_and_the_resend_completes_the_rest()
    {
        var random = new Random();
        var cases = new List<(string CaseId, string ChildId)>();
        var acknowledged = new HashSet<string>();
        var answered = 0;
        var kills = 0;
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        using (var channel = hub.Channel())
        {
            var children = new ChildrenService.ChildrenServiceClient(channel);
            for (var i = 0; i < Children; i++)
            {
                cases.Add(await SyncClient.RegisterChild(children, Sync(hub)));
            }
        }

        var batches = Enumerable.Range(0, Batches)
            .Select(b => cases.SelectMany(c => Enumerable.Range(b * PerChildPerBatch, PerChildPerBatch).Select(n => SyncClient.Referral(c.CaseId, n))).ToList())
            .ToList();

        // Each round resends every batch not yet answered and is killed after a random number of answers and a random
        // few milliseconds more, while later batches are being applied: in the middle of the store's group commits.
        while (answered < Batches)
        {
            using var channel = hub.Channel();
            using var call = new SyncService.SyncServiceClient(channel).Push(Sync(hub));
            var sending = Task.Run(async () =>
            {
                foreach (var batch in batches.Skip(answered))
                {
                    await call.RequestStream.WriteAsync(new PushRequest { Records = { batch } });
                }

                await call.RequestStream.CompleteAsync();
            });
            var killAfter = kills < 6 ? random.Next(1, 4) : int.MaxValue;
            var answers = 0;
            try
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    Assert.All(call.ResponseStream.Current.Outcomes, o => Assert.NotEqual(ChangeOutcome.Rejected, o.Outcome));
                    acknowledged.UnionWith(call.ResponseStream.Current.Outcomes.Select(o => o.RecordId));
                    answered++;
                    if (++answers == killAfter)
                    {
                        // Half the kills follow the answer at once, the rest a few milliseconds later.
                        if (random.Next(2) == 1)
                        {
                            await Task.Delay(random.Next(1, 40));
                        }

                        await hub.KillAsync();
                        kills++;
                        break;
                    }
                }
            }
            catch (RpcException)
            {
                // The stream ends with the process.
            }

            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
            if (answers == killAfter)
            {
                await hub.StartAsync();
                await AssertAcknowledgedOnceAndChainsIntact(hub, cases, acknowledged, answered);
            }
        }

        Assert.True(kills >= 5, $"the hub was killed {kills} times; the push finished too soon to test anything");
        using var final = hub.Channel();
        var care = new CareService.CareServiceClient(final);
        foreach (var (_, childId) in cases)
        {
            var records = (await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, Sync(hub))).Records;
            Assert.Equal(Batches * PerChildPerBatch, records.Count);
            Assert.Equal(Batches * PerChildPerBatch, records.Select(r => r.Record.Referral.ReferralDate).Distinct().Count());
        }

        await AssertAcknowledgedOnceAndChainsIntact(hub, cases, acknowledged, answered);
    }

    private static async Task AssertAcknowledgedOnceAndChainsIntact(HubProcess hub, List<(string CaseId, string ChildId)> cases, HashSet<string> acknowledged, int answered)
    {
        using var channel = hub.Channel();
        var care = new CareService.CareServiceClient(channel);
        var audit = new AuditService.AuditServiceClient(channel);
        var stored = new List<string>();
        foreach (var (_, childId) in cases)
        {
            var records = (await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, Sync(hub))).Records;
            Assert.Equal(records.Count, records.Select(r => r.Record.Referral.ReferralDate).Distinct().Count());
            stored.AddRange(records.Select(r => r.RecordId));
            var chain = await audit.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = childId }, hub.As("hub-admin", "administrator"));
            Assert.True(chain.Intact, chain.Problem);

            // Each answered batch touched every child, and its answer came after the audit record of what it applied.
            var audited = HubDatabase.Query(hub.Database, "SELECT count(*) AS n FROM audit_record WHERE subject = $s AND action = 'sync.apply'", ("$s", "child/" + childId));
            Assert.True((long)audited[0]["n"]! >= answered, $"{audited[0]["n"]} sync.apply audit records for {answered} answered batches");
        }

        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Subset(stored.ToHashSet(), acknowledged);
    }

    private static Metadata Sync(HubProcess hub) => hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
}
