using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Storage.Sqlite;
using PartnershipHub.Testing;

namespace PartnershipHub.Storage.Tests;

/// <summary>
/// One store's data (a set of Azure tables, or one SQLite file) that the conformance suite opens through the seam as
/// often as it likes; each <see cref="OpenAsync"/> is a fresh process's view of the same data, as after a restart.
/// </summary>
public interface IStoreBackend : IAsyncDisposable
{
    /// <summary>The largest serialized grain state the backend accepts.</summary>
    int MaxStateBytes { get; }

    /// <summary>Opens the store anew over the same data.</summary>
    Task<OpenStore> OpenAsync();

    /// <summary>Changes a stored audit record's organisation behind the store's back.</summary>
    Task EditAuditRecordAsync(string subject, long sequence, string organisation);

    /// <summary>Removes a stored audit record behind the store's back.</summary>
    Task RemoveAuditRecordAsync(string subject, long sequence);
}

/// <summary>The three seams of one opened store.</summary>
public sealed record OpenStore(IGrainStorage Grains, IAuditStore Audit, IChangeFeedStore Feeds);

/// <summary>The Azure backend on Azurite, in tables of its own.</summary>
public sealed class AzureTablesBackend(AzuriteServer azurite) : IStoreBackend
{
    private readonly HubTableNames names = new(StorageHarness.NewTableName(), StorageHarness.NewTableName(), StorageHarness.NewTableName());

    /// <inheritdoc />
    public int MaxStateBytes => TableGrainStorage.MaxStateBytes;

    /// <inheritdoc />
    public async Task<OpenStore> OpenAsync()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var audit = new TableAuditStore(tables.GetTableClient(names.Audit));
        var feeds = new TableChangeFeedStore(tables.GetTableClient(names.ChangeFeed));
        await new AzureTablesHubStore(tables.GetTableClient(names.GrainState), audit, feeds).InitialiseAsync(CancellationToken.None);
        return new OpenStore(await StorageHarness.CreateAsync(azurite.ConnectionString, names.GrainState), audit, feeds);
    }

    /// <inheritdoc />
    public async Task EditAuditRecordAsync(string subject, long sequence, string organisation)
    {
        var table = StorageHarness.Table(azurite.ConnectionString, names.Audit);
        var partition = TableAuditStore.Partition(subject);
        var row = (await table.GetEntityAsync<TableEntity>(partition, TableAuditStore.RowKey(partition, sequence))).Value;
        row["Organisation"] = organisation;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
    }

    /// <inheritdoc />
    public Task RemoveAuditRecordAsync(string subject, long sequence) => StorageHarness.Table(azurite.ConnectionString, names.Audit)
        .DeleteEntityAsync(TableAuditStore.Partition(subject), TableAuditStore.RowKey(TableAuditStore.Partition(subject), sequence));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The embedded backend: one SQLite file in a folder of its own.</summary>
public sealed class SqliteBackend : IStoreBackend
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("phub-sqlite-");
    private readonly List<SqliteHubDatabase> opened = [];

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(folder.FullName, SqliteHubDatabase.FileName);

    /// <inheritdoc />
    public int MaxStateBytes => SqliteGrainStorage.MaxStateBytes;

    /// <inheritdoc />
    public async Task<OpenStore> OpenAsync()
    {
        // One process per file: the previous opening is closed first, as a restarted hub's would be.
        foreach (var database in opened)
        {
            await database.DisposeAsync();
        }

        opened.Clear();
        var current = new SqliteHubDatabase(DatabasePath);
        await current.InitialiseAsync(CancellationToken.None);
        opened.Add(current);
        return new OpenStore(new SqliteGrainStorage("store", current), new SqliteAuditStore(current), new SqliteChangeFeedStore(current));
    }

    /// <inheritdoc />
    public Task EditAuditRecordAsync(string subject, long sequence, string organisation) => Task.FromResult(HubDatabase.Execute(
        DatabasePath, "UPDATE audit_record SET organisation = $o WHERE subject = $s AND sequence = $n", ("$o", organisation), ("$s", subject), ("$n", sequence)));

    /// <inheritdoc />
    public Task RemoveAuditRecordAsync(string subject, long sequence) => Task.FromResult(HubDatabase.Execute(
        DatabasePath, "DELETE FROM audit_record WHERE subject = $s AND sequence = $n", ("$s", subject), ("$n", sequence)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var database in opened)
        {
            await database.DisposeAsync();
        }

        folder.Delete(recursive: true);
    }
}
