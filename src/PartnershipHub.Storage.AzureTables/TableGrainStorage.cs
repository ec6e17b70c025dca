using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using PartnershipHub.Abstractions;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Grain state on Azure Tables through Orleans' own <c>AzureTableGrainStorage</c>
/// (Microsoft.Orleans.Persistence.AzureStorage), which reads and writes the rows, with ETag concurrency. This adds
/// only what the hub needs on top: every row's RowKey names its grain (the official provider's RowKey is the state
/// name alone, shared by every grain of a kind), a state too large for one row is refused with
/// <see cref="GrainStateTooLargeException"/> before storage is touched, and Azure failures name the operation, grain
/// type, state name and table but never the grain's key or the state's contents. The stored bytes are
/// <see cref="TableStateFormat"/>'s.
/// </summary>
/// <param name="name">The provider name grains refer to.</param>
/// <param name="tables">The official provider, registered under <see cref="InnerName"/>.</param>
/// <param name="tableName">The table, named in errors.</param>
/// <param name="newIds">Ids just made up for new grains, whose rows are not read (none: every row is read).</param>
public sealed class TableGrainStorage(string name, IGrainStorage tables, string tableName, NewGrainIds? newIds = null) : IGrainStorage
{
    /// <summary>The largest serialized state accepted, in bytes.</summary>
    public const int MaxStateBytes = TableStateFormat.MaxStateBytes;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (newIds?.Take(grainId.Key.ToString()!) == true)
        {
            // No row can exist yet: the state starts empty, and its first write inserts (a row there after all is a conflict).
            grainState.State ??= Activator.CreateInstance<T>();
            (grainState.ETag, grainState.RecordExists) = (null, false);
            return Task.CompletedTask;
        }

        return RunAsync("read", stateName, grainId, grainState, () => tables.ReadStateAsync(RowName(stateName, grainId), StoredId(grainId), grainState));
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("write", stateName, grainId, grainState, () => tables.WriteStateAsync(RowName(stateName, grainId), StoredId(grainId), grainState));

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("clear", stateName, grainId, grainState, () => tables.ClearStateAsync(RowName(stateName, grainId), StoredId(grainId), grainState));

    /// <summary>The official provider's registration name for the hub's provider <paramref name="name"/>.</summary>
    public static string InnerName(string name) => name + "-azure-table";

    /// <summary>
    /// What the official provider is given as the state name, and so the row's RowKey: the state name, grain type and
    /// grain key, escaped and joined (<see cref="TableKeyEncoding"/>), so no two grains share a RowKey and a copy can
    /// read back which grain a row belongs to.
    /// </summary>
    internal static string RowName(string stateName, GrainId grainId) =>
        TableKeyEncoding.BuildKey(stateName, grainId.Type.ToString()!, grainId.Key.ToString()!);

    /// <summary>
    /// The grain id the official provider is given, and so the row's PartitionKey (<c>ServiceId_type_key</c>): type and
    /// key escaped and bounded, since the provider itself only replaces <c>/ \ # ?</c> and refuses long keys.
    /// </summary>
    internal static GrainId StoredId(GrainId grainId) => GrainId.Create(
        TableKeyEncoding.EscapeComponent(grainId.Type.ToString()!), TableKeyEncoding.BuildKey(StoredKeyLength, grainId.Key.ToString()!));

    /// <summary>
    /// The longest grain key in a PartitionKey: with the service id and grain type (up to 128 characters together) it
    /// stays within <see cref="TableKeyEncoding.MaxKeyLength"/>, inside Azure's 1 KiB however it is counted.
    /// </summary>
    private const int StoredKeyLength = TableKeyEncoding.MaxKeyLength - 128;

    /// <summary>What every PartitionKey of service <paramref name="serviceId"/> starts with, as the official provider writes it.</summary>
    internal static string PartitionPrefix(string serviceId) => serviceId.Replace('/', '_').Replace('\\', '_').Replace('#', '_').Replace('?', '_') + "_";

    private async Task RunAsync<T>(string operation, string stateName, GrainId grainId, IGrainState<T> grainState, Func<Task> call)
    {
        var grainType = grainId.Type.ToString()!;
        var currentEtag = grainState.ETag;
        try
        {
            await call();
        }
        catch (InconsistentStateException ex)
        {
            // The official provider's message names the grain id and row key and not the stored ETag; the hub's is the other way round.
            throw new InconsistentStateException(
                $"Grain storage '{name}': {operation} of state '{stateName}' for grain type '{grainType}' in table '{tableName}' lost an " +
                "optimistic concurrency race: the stored state was changed by another writer. Re-read the state and retry.",
                await StoredEtagAsync(stateName, grainId, grainState),
                currentEtag ?? "none (expected no stored row)",
                ex.InnerException ?? ex);
        }
        catch (StateTooLargeException ex)
        {
            throw new GrainStateTooLargeException(grainType, stateName, ex.Size, MaxStateBytes);
        }
        catch (AggregateException ex) when (ex.InnerException is HubTableStorageException unreadable)
        {
            // The official provider wraps a failed deserialization, quoting the row; only our own reason is kept.
            throw new HubTableStorageException(
                $"Grain storage '{name}' cannot read state '{stateName}' of grain type '{grainType}' in table '{tableName}': {unreadable.Message}", unreadable);
        }
        catch (RequestFailedException ex)
        {
            throw new HubTableStorageException(
                $"Grain storage '{name}': {operation} of state '{stateName}' for grain type '{grainType}' in table '{tableName}' failed: " +
                $"HTTP {ex.Status} {ex.ErrorCode}.",
                ex);
        }
    }

    /// <summary>The stored ETag after a lost race, looked up only to make the exception useful; failing to get it must not hide the conflict.</summary>
    private async Task<string> StoredEtagAsync<T>(string stateName, GrainId grainId, IGrainState<T> like)
    {
        try
        {
            var stored = new GrainState<T>(like.State);
            await tables.ReadStateAsync(RowName(stateName, grainId), StoredId(grainId), stored);
            return stored.ETag ?? "none (no stored row)";
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException)
        {
            return "unknown";
        }
    }
}

/// <summary>Registers <see cref="TableGrainStorage"/> over Orleans' own provider.</summary>
public static class TableGrainStorageExtensions
{
    /// <summary>
    /// Keeps grain state in table <paramref name="tableName"/> of <paramref name="tables"/> under provider name
    /// <paramref name="name"/>: Orleans' <c>AddAzureTableGrainStorage</c> (which creates the table on silo start) with the
    /// hub's format, and <see cref="TableGrainStorage"/> in front of it.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="tables">The storage account's table service.</param>
    /// <param name="tableName">The table holding grain state.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddHubTableGrainStorage(this ISiloBuilder silo, string name, TableServiceClient tables, string tableName)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddAzureTableGrainStorage(TableGrainStorage.InnerName(name), options => Configure(options, tables, tableName));
        silo.Services.AddGrainStorage(name, (services, key) =>
            new TableGrainStorage(key, services.GetRequiredKeyedService<IGrainStorage>(TableGrainStorage.InnerName(key)), tableName, services.GetService<NewGrainIds>()));
        return silo;
    }

    /// <summary>The official provider's options as the hub sets them.</summary>
    /// <param name="options">The options to set.</param>
    /// <param name="tables">The storage account's table service.</param>
    /// <param name="tableName">The table holding grain state.</param>
    public static void Configure(AzureTableStorageOptions options, TableServiceClient tables, string tableName)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TableServiceClient = tables;
        options.TableName = tableName;
        // A cleared state's row is deleted (if-match), so the table holds only states that exist.
        options.DeleteStateOnClear = true;
        options.GrainStorageSerializer = new TableStateFormat();
    }
}
