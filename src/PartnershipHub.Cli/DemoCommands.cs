using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;

namespace PartnershipHub.Cli;

/// <summary>
/// <c>phub demo seed</c>: fills a local hub with a generated tri-borough history (children from 2010 to yesterday, many
/// of them adults now), pushed through sync as each borough's case system would, with tokens signed by the local
/// hub's key. For trying the hub and its datasets; never for a hub holding real children, so it refuses a hub that is
/// not on this machine (not a loopback address).
/// </summary>
public static class DemoCommands
{
    /// <summary>Runs <c>phub demo VERB</c> against the hub at <paramref name="hub"/>; writes one line per borough and a total.</summary>
    public static async Task<int> Demo(GrpcChannel channel, Uri hub, string verb, Arguments a, TextWriter output)
    {
        if (verb != "seed")
        {
            throw new UsageException($"Unknown demo command '{verb}'.");
        }

        var count = int.TryParse(a.Option("children", "300"), out var n) && n is > 0 and <= 1_000_000 ? n : throw new UsageException("--children must be 1 to 1000000.");
        var seed = int.TryParse(a.Option("seed", "2010"), out var s) ? s : throw new UsageException("--seed must be a whole number.");
        var batch = int.TryParse(a.Option("batch-size", "250"), out var b) && b is > 0 and <= 500 ? b : throw new UsageException("--batch-size must be 1 to 500.");
        if (!hub.IsLoopback)
        {
            throw new UsageException($"phub demo seed makes up children, so it fills only a hub on this machine (a loopback address such as {CallFailures.DefaultHub}), not {hub}.");
        }

        var dataFolder = a.Option("data-folder", ".data")!;
        if (!File.Exists(LocalSigningKey.PathIn(dataFolder)))
        {
            throw new UsageException($"No hub signing key in {dataFolder}/keys: run it in the hub's folder, or name the hub's data folder with --data-folder.");
        }

        var population = new GeneratedPopulation(seed, PopulationShape.History(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        population.Generate(count);
        var sync = new SyncService.SyncServiceClient(channel);
        var (records, refused) = (0, 0);
        foreach (var borough in population.Shape.Boroughs)
        {
            var token = LocalTokenIssuer.Issue(dataFolder, borough, "borough-sync", "demo-seed", TimeSpan.FromHours(1));
            PushResult result;
            try
            {
                result = await SyncPusher.PushAll(sync, new Metadata { { "authorization", "Bearer " + token } }, population.PushStream(borough), batch);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                throw new CallFailedException($"The hub at {hub} did not accept a token signed with the key in {dataFolder}: it is another hub's data folder. Name the seeded hub's own with --data-folder.");
            }

            var rejected = result.Outcomes.Count(o => o.Outcome == ChangeOutcome.Rejected);
            output.WriteLine($"{borough}: {population.Children.Count(c => c.Borough == borough)} children, {result.Outcomes.Count} records, {rejected} rejected, {result.Resent} sent again");
            (records, refused) = (records + result.Outcomes.Count, refused + rejected);
        }

        output.WriteLine($"Seeded {count} children and {records} records ({refused} rejected).");
        return refused > 0 ? 1 : 0;
    }
}
