using System.Globalization;
using Azure.Data.Tables;
using PartnershipHub.Abstractions;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Host.Configuration;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Storage.Sqlite;

namespace PartnershipHub.Host.Operations;

/// <summary>
/// <c>PartnershipHub.Host copy-store --from STORE --to STORE</c>: the operator's copy of a whole hub store to the
/// other backend, run with the hub stopped (deploy/OPERATIONS.md, "Moving between stores"). A store is
/// <c>sqlite:DATAFOLDER</c> (its hub.db) or <c>azure:CONNECTIONSTRING</c> (<c>azure</c> alone takes
/// <c>Storage:ConnectionString</c>); the Azure tables and service id are the hub's own settings
/// (<c>Storage:*Table</c>, <c>Hub:ServiceId</c>).
/// </summary>
public static class CopyStoreCommand
{
    /// <summary>The command's name, the host's first argument.</summary>
    public const string Name = "copy-store";

    private const string Usage =
        "Usage: PartnershipHub.Host copy-store --from sqlite:DATAFOLDER|azure:CONNECTIONSTRING --to sqlite:DATAFOLDER|azure:CONNECTIONSTRING\n" +
        "Copies every grain state, audit chain and change feed into an empty store of the other backend. Stop the hub first.";

    /// <summary>Runs the copy; the process exit code (0 copied, 1 refused or failed, 2 bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        var options = ParseOptions(args);
        if (options is null || !options.TryGetValue("--from", out var from) || !options.TryGetValue("--to", out var to))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var hub = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        SqliteHubDatabase? sourceDatabase = null, destinationDatabase = null;
        try
        {
            var source = Open(from, storage, hub, mustExist: true, ref sourceDatabase);
            var destination = Open(to, storage, hub, mustExist: false, ref destinationDatabase);
            if (source.GetType() == destination.GetType())
            {
                throw new ArgumentException("--from and --to must be different backends (sqlite and azure); to copy an embedded store, back it up (deploy/OPERATIONS.md).");
            }

            await source.OpenAsync(CancellationToken.None);
            await destination.OpenAsync(CancellationToken.None);
            Console.WriteLine($"Copying {source.Description} to {destination.Description}. The hub must be stopped until this finishes.");
            var result = await StoreCopy.CopyAsync(source, destination, CancellationToken.None);
            var counts = result.Counts;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Copied and checked: {counts.GrainStates} grain states; {counts.AuditChains} audit chains ({counts.AuditRecords} records), every chain verified " +
                $"at the destination; {counts.Feeds} change feeds ({counts.FeedRows} change rows, {counts.FeedMarkers} markers, {counts.FeedExpected} expected children); " +
                $"in {result.Elapsed.TotalSeconds:0.00} s."));
            return 0;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + "\n" + Usage);
            return 2;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or StoreCopyRefusedException or StoreCopyFailedException or InvalidDataException
                                   or Azure.RequestFailedException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("copy-store: " + ex.Message);
            return 1;
        }
        finally
        {
            if (sourceDatabase is not null)
            {
                await sourceDatabase.DisposeAsync();
            }

            if (destinationDatabase is not null)
            {
                await destinationDatabase.DisposeAsync();
            }
        }
    }

    private static IStoreTransfer Open(string store, StorageOptions storage, HubOptions hub, bool mustExist, ref SqliteHubDatabase? database)
    {
        var (kind, location) = store.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (store[..colon], store[(colon + 1)..]) : (store, string.Empty);
        switch (kind)
        {
            case "sqlite" when location.Length > 0:
                var path = Path.Combine(Path.GetFullPath(location), SqliteHubDatabase.FileName);
                if (mustExist && !File.Exists(path))
                {
                    throw new ArgumentException($"There is no {SqliteHubDatabase.FileName} in {Path.GetFullPath(location)} to copy from.");
                }

                database = new SqliteHubDatabase(path);
                return new SqliteStoreTransfer(database);
            case "azure":
                return new TableStoreTransfer(
                    location.Length > 0 ? new TableServiceClient(location) : TableClients.Create(storage, logRequests: false),
                    new HubTableNames(storage.GrainStateTable, storage.AuditTable, storage.ChangeFeedTable),
                    hub.ServiceId);
            default:
                throw new ArgumentException($"'{store}' names no store: use sqlite:DATAFOLDER or azure:CONNECTIONSTRING.");
        }
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--from" or "--to") || !options.TryAdd(args[i], args[i + 1]))
            {
                return null;
            }
        }

        return options;
    }
}
