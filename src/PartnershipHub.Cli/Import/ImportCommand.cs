using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Generator;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// <c>phub import FOLDER...</c>: maps folders of statutory returns to the hub's records, reports each refused row as
/// <c>file:line: reason</c>, pushes the rest through the sync stream batch by batch with a progress bar, and
/// resumes where it stopped when run again after an interruption.
/// </summary>
public static class ImportCommand
{
    /// <summary>The largest batch the hub takes.</summary>
    public const int MaxBatchSize = 500;

    /// <summary>The resume file's name in the folder, unless <c>--state</c> names another.</summary>
    public const string DefaultStateFile = ".phub-import-state.json";

    /// <summary>The records the hub asks for again are resent up to 10 times in a row, a second longer each time, before the import stops (to be resumed).</summary>
    private static readonly ResendPolicy Resends = new(10, TimeSpan.FromSeconds(1));

    private const int DefaultBatchSize = 200;

    /// <summary>
    /// Runs the import with the words after <c>import</c>; the report goes to <paramref name="output"/>, the progress to
    /// <paramref name="error"/> (drawn as a bar when <paramref name="terminal"/>). Returns 0 when every row was
    /// imported, 1 when any was refused here or rejected by the hub.
    /// </summary>
    public static async Task<int> Run(IReadOnlyList<string> words, TextWriter output, TextWriter error, bool terminal, CancellationToken cancellation = default)
    {
        var dryRun = words.Contains("--dry-run");
        var a = new Arguments(words.Where(w => w != "--dry-run"));
        var folders = a.Positional.Count > 0 ? a.Positional : throw new UsageException("Name the folder of returns: phub import FOLDER [FOLDER...].");
        var batchSize = a.Option("batch-size") is null ? DefaultBatchSize : a.Number("batch-size");
        if (batchSize is < 1 or > MaxBatchSize)
        {
            throw new UsageException($"--batch-size must be 1 to {MaxBatchSize}.");
        }

        var token = a.Option("token") ?? Environment.GetEnvironmentVariable("PHUB_TOKEN");
        if (token is null && !dryRun)
        {
            throw new UsageException("A token is needed: --token or PHUB_TOKEN (a borough-sync token of your borough).");
        }

        var borough = Borough(a.Option("borough"), token);
        var today = LondonTime.DateOf(DateTimeOffset.UtcNow);
        var plan = StatutoryReturns.Map(folders, borough, StatutoryReturns.ParseReferenceDate(a.Option("reference-date")), today);
        var changes = plan.Changes;
        foreach (var problem in plan.Problems)
        {
            output.WriteLine(problem);
        }

        if (dryRun)
        {
            output.WriteLine($"Dry run: {changes.Count} records would be sent; {plan.Problems.Count} rows refused; {plan.NotImported.Values.Sum()} values not imported.");
            WriteNotImported(output, plan);
            return plan.Problems.Count > 0 ? 1 : 0;
        }

        var statePath = a.Option("state") ?? Path.Combine(folders[0], DefaultStateFile);
        var state = ImportState.Load(statePath, plan.Files);
        var earlier = changes.Count(c => state.Outcomes.ContainsKey(c.Key));
        await Push(a.Option("hub", "http://127.0.0.1:5080")!, token!, [.. changes.Where(c => !state.Outcomes.ContainsKey(c.Key))], batchSize, state, statePath,
            new ImportProgress(error, terminal, changes.Count, earlier), cancellation);
        File.Delete(statePath);

        var rejected = 0;
        foreach (var change in changes.Where(c => state.Outcomes[c.Key].Outcome == nameof(ChangeOutcome.Rejected)))
        {
            rejected++;
            output.WriteLine($"{change.Location}: rejected by the hub: {string.Join("; ", state.Outcomes[change.Key].Reasons)}");
        }

        int Count(ChangeOutcome outcome) => changes.Count(c => state.Outcomes[c.Key].Outcome == outcome.ToString());
        output.WriteLine($"Imported {changes.Count} records: {Count(ChangeOutcome.Applied)} applied, {Count(ChangeOutcome.Duplicate)} duplicate, {rejected} rejected by the hub"
            + (earlier > 0 ? $" ({earlier} acknowledged before the interruption)" : string.Empty)
            + $"; {plan.Problems.Count} rows refused before sending; {plan.NotImported.Values.Sum()} values not imported.");
        WriteNotImported(output, plan);
        return plan.Problems.Count > 0 || rejected > 0 ? 1 : 0;
    }

    /// <summary>
    /// Sends the changes through the sync pusher, recording each batch's answers in the resume file as they come;
    /// records the hub answers RESEND are sent again next, before anything after them, so that a record naming
    /// another (a conference its enquiry) still follows it.
    /// </summary>
    private static async Task Push(string hub, string token, IReadOnlyList<ImportedChange> pending, int batchSize, ImportState state, string statePath,
        ImportProgress progress, CancellationToken cancellation)
    {
        using var channel = GrpcChannel.ForAddress(hub);
        try
        {
            await SyncPusher.Push(new SyncService.SyncServiceClient(channel), new Metadata { { "authorization", "Bearer " + token } }, pending, c => c.Change, batchSize, Resends,
                batch =>
                {
                    foreach (var (change, outcome) in batch.Settled)
                    {
                        state.Outcomes[change.Key] = new StoredOutcome(outcome.Outcome.ToString(), [.. outcome.Reasons.Select(r => $"{r.Field}: {r.Description}")]);
                    }

                    state.Save(statePath);
                    progress.Sent(batch.Sent);
                    progress.Acknowledged(batch.Settled.Count);
                    return Task.CompletedTask;
                },
                cancellation);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded)
        {
            throw new RpcException(new Status(e.StatusCode, $"{e.Status.Detail} Run the import again to resume.", e.Status.DebugException), e.Trailers);
        }

        progress.Finish();
    }

    /// <summary>The borough importing: <c>--borough</c>, else the token's organisation; the two must agree.</summary>
    private static string Borough(string? option, string? token)
    {
        string? organisation = null;
        if (token is not null)
        {
            try
            {
                new JsonWebToken(token).TryGetPayloadValue(HubClaims.Organisation, out organisation);
            }
            catch (ArgumentException)
            {
                throw new UsageException("The token is not a JWT; get one with 'phub token' or from your identity provider.");
            }
        }

        if (option is not null && organisation is not null && option != organisation)
        {
            throw new UsageException($"--borough {option} is not the token's organisation ({organisation}): the hub files the records under the caller's borough.");
        }

        return option ?? organisation ?? throw new UsageException("--borough is required (the borough's ONS code, e.g. E09000033).");
    }

    private static void WriteNotImported(TextWriter output, ImportPlan plan)
    {
        if (plan.NotImported.Count > 0)
        {
            output.WriteLine("Not imported (the hub does not hold these; see docs/statutory-returns.md):");
            foreach (var (what, count) in plan.NotImported)
            {
                output.WriteLine($"  {what}: {count}");
            }
        }
    }
}
