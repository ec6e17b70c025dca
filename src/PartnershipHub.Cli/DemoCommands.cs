using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;

namespace PartnershipHub.Cli;

/// <summary>
/// <c>phub demo seed</c>: fills a local hub with a generated tri-borough history (children from 2010 to yesterday, many
/// of them adults now), pushed through sync as each borough's case system would, with tokens signed by the local
/// hub's key. For trying the hub and its datasets; never for a hub holding real children.
/// </summary>
public static class DemoCommands
{
    /// <summary>Runs <c>phub demo VERB</c>; writes one line per borough and a total.</summary>
    public static async Task<int> Demo(string verb, Arguments a, TextWriter output)
    {
        if (verb != "seed")
        {
            throw new UsageException($"Unknown demo command '{verb}'.");
        }

        var count = int.TryParse(a.Option("children", "300"), out var n) && n is > 0 and <= 1_000_000 ? n : throw new UsageException("--children must be 1 to 1000000.");
        var seed = int.TryParse(a.Option("seed", "2010"), out var s) ? s : throw new UsageException("--seed must be a whole number.");
        var batch = int.TryParse(a.Option("batch-size", "250"), out var b) && b is > 0 and <= 500 ? b : throw new UsageException("--batch-size must be 1 to 500.");
        var population = new GeneratedPopulation(seed, PopulationShape.History(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        population.Generate(count);

        using var channel = GrpcChannel.ForAddress(a.Option("hub", "http://127.0.0.1:5080")!);
        var sync = new SyncService.SyncServiceClient(channel);
        var (records, refused) = (0, 0);
        foreach (var borough in population.Shape.Boroughs)
        {
            var token = LocalTokenIssuer.Issue(a.Option("data-folder", ".data")!, borough, "borough-sync", "demo-seed", TimeSpan.FromHours(1));
            var result = await SyncPusher.PushAll(sync, new Metadata { { "authorization", "Bearer " + token } }, population.PushStream(borough), batch);
            var rejected = result.Outcomes.Count(o => o.Outcome == ChangeOutcome.Rejected);
            output.WriteLine($"{borough}: {population.Children.Count(c => c.Borough == borough)} children, {result.Outcomes.Count} records, {rejected} rejected, {result.Resent} sent again");
            (records, refused) = (records + result.Outcomes.Count, refused + rejected);
        }

        output.WriteLine($"Seeded {count} children and {records} records ({refused} rejected).");
        return refused > 0 ? 1 : 0;
    }
}
