using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Orleans grain storage on Azure Table Storage: one entity per grain state, ETag optimistic concurrency,
/// state split over binary properties up to one entity's 1 MiB. Registered with
/// <see cref="HubTableGrainStorageExtensions.AddHubTableGrainStorage(Orleans.Hosting.ISiloBuilder, string, Action{HubTableGrainStorageOptions})"/>.
/// </summary>
/// <remarks>
/// Entity layout: PartitionKey = escaped service id, grain type and grain key; RowKey = escaped state name;
/// properties <c>FormatVersion</c>, <c>Cleared</c>, <c>DataLength</c>, <c>DataParts</c> and binary
/// <c>Data0</c>..<c>DataN</c> of at most 64 KiB each. See the project README.
/// </remarks>
public sealed partial class HubTableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// The largest serialized state accepted, in bytes: 1 MiB (Azure's entity limit) less 8 KiB of headroom for
    /// the keys (at most 2 × 512 characters, counted as UTF-16) and the property names and metadata.
    /// </summary>
    public const int MaxStateBytes = (1024 * 1024) - (8 * 1024);

    /// <summary>The entity layout version this provider writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest binary property Azure Table Storage accepts, in bytes.</summary>
    internal const int ChunkBytes = 64 * 1024;

    internal const string FormatVersionProperty = "FormatVersion";
    internal const string ClearedProperty = "Cleared";
    internal const string DataLengthProperty = "DataLength";
    internal const string DataPartsProperty = "DataParts";
    internal const string DataPropertyPrefix = "Data";

    private const string TableNotFound = "TableNotFound";

    private readonly HubTableGrainStorageOptions options;
    private readonly string serviceId;
    private readonly ILogger<HubTableGrainStorage> logger;
    private readonly IActivatorProvider? activatorProvider;
    private readonly IGrainStorageSerializer serializer;
    private readonly TableServiceClient serviceClient;
    private readonly TableClient table;

    /// <summary>Creates the provider; the table is created by <see cref="InitializeAsync"/> (on silo start).</summary>
    /// <param name="name">The provider name grains refer to in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="options">The provider options.</param>
    /// <param name="clusterOptions">Supplies the service id that prefixes every key.</param>
    /// <param name="logger">The logger; it never receives state contents or grain keys.</param>
    /// <param name="activatorProvider">Orleans' activator for fresh state instances; when absent a public parameterless constructor is used.</param>
    public HubTableGrainStorage(
        string name,
        HubTableGrainStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<HubTableGrainStorage> logger,
        IActivatorProvider? activatorProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);

        Name = name;
        this.options = options;
        this.logger = logger;
        this.activatorProvider = activatorProvider;
        serviceId = clusterOptions.Value.ServiceId;
        if (string.IsNullOrEmpty(serviceId))
        {
            throw new InvalidOperationException($"Grain storage '{name}': ClusterOptions.ServiceId is empty; it prefixes every key.");
        }

        serviceClient = options.TableServiceClient ?? throw new InvalidOperationException(
            $"Grain storage '{name}': no TableServiceClient. Call options.ConfigureTableServiceClient(...) in AddHubTableGrainStorage.");
        if (!TableNamePattern().IsMatch(options.TableName ?? string.Empty))
        {
            throw new InvalidOperationException(
                $"Grain storage '{name}': table name '{options.TableName}' is not a valid Azure table name " +
                "(3-63 letters and digits, starting with a letter).");
        }

        serializer = options.GrainStorageSerializer ?? new HubJsonGrainStorageSerializer();
        table = serviceClient.GetTableClient(options.TableName);
    }

    /// <summary>The provider name.</summary>
    public string Name { get; }

    /// <summary>The table holding the state.</summary>
    public string TableName => table.Name;

    /// <summary>The table client, for the copy between backends.</summary>
    internal TableClient Table => table;

    /// <summary>The escaped service id and separator every partition key of this service starts with.</summary>
    internal string PartitionPrefix => TableKeyEncoding.EscapeComponent(serviceId) + "~";

    /// <summary>Creates the table if it does not exist. The silo calls this on start.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the table exists.</returns>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await serviceClient.CreateTableIfNotExistsAsync(table.Name, cancellationToken).ConfigureAwait(false);
            LogTableReady(Name, table.Name);
        }
        catch (RequestFailedException ex)
        {
            LogAzureError("initialize", Name, "-", "-", table.Name, ex.Status, ex.ErrorCode);
            throw new HubTableStorageException(
                $"Grain storage '{Name}' could not create table '{table.Name}': HTTP {ex.Status} {ex.ErrorCode}.", ex);
        }
    }

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(OptionFormattingUtilities.Name<HubTableGrainStorage>(Name), ServiceLifecycleStage.ApplicationServices, InitializeAsync);
    }

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var grainType = grainId.Type.ToString()!;
        using var activity = StartActivity("read", grainType, stateName);
        var (partitionKey, rowKey) = Keys(stateName, grainId);
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!response.HasValue || response.Value is null)
            {
                ResetState(grainState, etag: null);
                Complete(activity, "not_found");
                return;
            }

            var entity = response.Value;
            if (entity.GetBoolean(ClearedProperty) == true)
            {
                ResetState(grainState, entity.ETag.ToString());
                Complete(activity, "not_found");
                return;
            }

            var data = ReadData(entity, grainType, stateName);
            activity?.SetTag(HubStorageTelemetry.BytesTag, data.Length);
            T? state;
            try
            {
                state = serializer.Deserialize<T>(new BinaryData(data));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The serializer's message may quote stored content, so it stays on the inner exception only.
                throw new HubTableStorageException(
                    $"Grain storage '{Name}' could not deserialize state '{stateName}' of grain type '{grainType}' " +
                    $"from table '{table.Name}' as {typeof(T).Name}.", ex);
            }

            grainState.State = state!;
            grainState.ETag = entity.ETag.ToString();
            grainState.RecordExists = true;
            Complete(activity, "ok");
        }
        catch (RequestFailedException ex)
        {
            Complete(activity, "error", ex);
            throw AzureFailure("read", grainType, stateName, ex);
        }
        catch (HubTableStorageException ex)
        {
            Complete(activity, "error", ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var grainType = grainId.Type.ToString()!;
        using var activity = StartActivity("write", grainType, stateName);
        var data = serializer.Serialize(grainState.State).ToMemory();
        activity?.SetTag(HubStorageTelemetry.BytesTag, data.Length);
        if (data.Length > MaxStateBytes)
        {
            Complete(activity, "too_large");
            LogTooLarge(Name, grainType, stateName, data.Length, MaxStateBytes);
            throw new GrainStateTooLargeException(grainType, stateName, data.Length, MaxStateBytes);
        }

        var (partitionKey, rowKey) = Keys(stateName, grainId);
        var entity = BuildEntity(partitionKey, rowKey, data.Span, cleared: false);
        var etag = await PutAsync(entity, grainState.ETag, "write", grainType, stateName, activity, cancellationToken).ConfigureAwait(false);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        Complete(activity, "ok");
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var grainType = grainId.Type.ToString()!;
        using var activity = StartActivity("clear", grainType, stateName);
        var (partitionKey, rowKey) = Keys(stateName, grainId);
        string? newEtag = null;
        if (options.DeleteStateOnClear)
        {
            // With no ETag this activation never saw a stored row, so there is nothing of its own to delete;
            // a row written meanwhile by someone else is left alone rather than deleted blind.
            if (grainState.ETag is not null)
            {
                try
                {
                    await table.DeleteEntityAsync(partitionKey, rowKey, new ETag(grainState.ETag), cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (IsEtagConflict(ex))
                {
                    Complete(activity, "conflict", ex);
                    throw await ConflictAsync("clear", grainType, stateName, partitionKey, rowKey, grainState.ETag, ex, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (RequestFailedException ex)
                {
                    Complete(activity, "error", ex);
                    throw AzureFailure("clear", grainType, stateName, ex);
                }
            }
        }
        else
        {
            var marker = BuildEntity(partitionKey, rowKey, ReadOnlySpan<byte>.Empty, cleared: true);
            newEtag = await PutAsync(marker, grainState.ETag, "clear", grainType, stateName, activity, cancellationToken).ConfigureAwait(false);
        }

        ResetState(grainState, newEtag);
        Complete(activity, "ok");
    }

    /// <summary>Builds the provider for a registration; used by the extension methods.</summary>
    internal static HubTableGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<HubTableGrainStorageOptions>>().Get(name);
        return new HubTableGrainStorage(
            name,
            options,
            services.GetRequiredService<IOptions<ClusterOptions>>(),
            services.GetRequiredService<ILogger<HubTableGrainStorage>>(),
            services.GetService<IActivatorProvider>());
    }

    /// <summary>The keys of one grain state: the partition holds all states of one grain.</summary>
    internal (string PartitionKey, string RowKey) Keys(string stateName, GrainId grainId) =>
        Keys(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    /// <summary>The keys of one grain state from its grain type, grain key and state name.</summary>
    internal (string PartitionKey, string RowKey) Keys(string grainType, string grainKey, string stateName) =>
        (TableKeyEncoding.BuildKey(serviceId, grainType, grainKey), TableKeyEncoding.BuildKey(stateName));

    internal static TableEntity BuildEntity(string partitionKey, string rowKey, ReadOnlySpan<byte> data, bool cleared)
    {
        var parts = (data.Length + ChunkBytes - 1) / ChunkBytes;
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [FormatVersionProperty] = FormatVersion,
            [ClearedProperty] = cleared,
            [DataLengthProperty] = data.Length,
            [DataPartsProperty] = parts,
        };
        for (var i = 0; i < parts; i++)
        {
            var offset = i * ChunkBytes;
            entity[DataPropertyPrefix + i] = data.Slice(offset, Math.Min(ChunkBytes, data.Length - offset)).ToArray();
        }

        return entity;
    }

    internal byte[] ReadData(TableEntity entity, string grainType, string stateName)
    {
        var version = entity.GetInt32(FormatVersionProperty);
        if (version != FormatVersion)
        {
            throw Unreadable(grainType, stateName, $"its format version is {version?.ToString() ?? "missing"}, this provider reads {FormatVersion}");
        }

        var length = entity.GetInt32(DataLengthProperty);
        var parts = entity.GetInt32(DataPartsProperty);
        if (length is not >= 0 || parts is not >= 0 || parts != (length + ChunkBytes - 1) / ChunkBytes)
        {
            throw Unreadable(grainType, stateName, "its DataLength and DataParts are missing or disagree");
        }

        var data = new byte[length.Value];
        var offset = 0;
        for (var i = 0; i < parts; i++)
        {
            var chunk = entity.GetBinary(DataPropertyPrefix + i);
            if (chunk is null || chunk.Length > data.Length - offset)
            {
                throw Unreadable(grainType, stateName, $"part {i} is missing or longer than DataLength allows");
            }

            chunk.CopyTo(data, offset);
            offset += chunk.Length;
        }

        if (offset != data.Length)
        {
            throw Unreadable(grainType, stateName, $"its parts hold {offset} bytes but DataLength says {data.Length}");
        }

        return data;
    }

    private HubTableStorageException Unreadable(string grainType, string stateName, string reason) =>
        new($"Grain storage '{Name}' cannot read state '{stateName}' of grain type '{grainType}' in table '{table.Name}': {reason}.");

    /// <summary>Inserts (no ETag) or replaces if-match (ETag), returning the new ETag.</summary>
    private async Task<string> PutAsync(
        TableEntity entity, string? etag, string operation, string grainType, string stateName, Activity? activity, CancellationToken cancellationToken)
    {
        try
        {
            var response = etag is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString()
                ?? throw new HubTableStorageException($"Grain storage '{Name}': table '{table.Name}' returned no ETag for a {operation}.");
        }
        catch (RequestFailedException ex) when (etag is null ? ex.Status == 409 : IsEtagConflict(ex))
        {
            Complete(activity, "conflict", ex);
            throw await ConflictAsync(operation, grainType, stateName, entity.PartitionKey, entity.RowKey, etag, ex, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            Complete(activity, "error", ex);
            throw AzureFailure(operation, grainType, stateName, ex);
        }
    }

    /// <summary>412, or 404 for a missing entity (not a missing table): someone else changed or removed the row.</summary>
    private static bool IsEtagConflict(RequestFailedException ex) =>
        ex.Status == 412 || (ex.Status == 404 && ex.ErrorCode != TableNotFound);

    private async Task<InconsistentStateException> ConflictAsync(
        string operation, string grainType, string stateName, string partitionKey, string rowKey, string? currentEtag,
        RequestFailedException cause, CancellationToken cancellationToken)
    {
        // The stored ETag is looked up only to make the exception useful; failing to get it must not hide the conflict.
        string storedEtag;
        try
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, [FormatVersionProperty], cancellationToken)
                .ConfigureAwait(false);
            storedEtag = stored.HasValue && stored.Value is not null ? stored.Value.ETag.ToString() : "none (no stored row)";
        }
        catch (RequestFailedException)
        {
            storedEtag = "unknown";
        }

        LogConflict(operation, Name, grainType, stateName, table.Name, cause.Status);
        return new InconsistentStateException(
            $"Grain storage '{Name}': {operation} of state '{stateName}' for grain type '{grainType}' in table '{table.Name}' " +
            $"lost an optimistic concurrency race (HTTP {cause.Status}); the stored state was changed by another writer. " +
            "Re-read the state and retry.",
            storedEtag,
            currentEtag ?? "none (expected no stored row)",
            cause);
    }

    private HubTableStorageException AzureFailure(string operation, string grainType, string stateName, RequestFailedException ex)
    {
        LogAzureError(operation, Name, grainType, stateName, table.Name, ex.Status, ex.ErrorCode);
        return new HubTableStorageException(
            $"Grain storage '{Name}': {operation} of state '{stateName}' for grain type '{grainType}' in table '{table.Name}' " +
            $"failed: HTTP {ex.Status} {ex.ErrorCode}.",
            ex);
    }

    private void ResetState<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = CreateDefault<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private T CreateDefault<T>()
    {
        if (activatorProvider is not null)
        {
            return activatorProvider.GetActivator<T>().Create();
        }

        return typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance<T>()
            : default!;
    }

    private Activity? StartActivity(string operation, string grainType, string stateName)
    {
        var activity = HubStorageTelemetry.Source.StartActivity("grain storage " + operation, ActivityKind.Client);
        activity?.SetTag(HubStorageTelemetry.OperationTag, operation)
            .SetTag(HubStorageTelemetry.ProviderTag, Name)
            .SetTag(HubStorageTelemetry.TableTag, table.Name)
            .SetTag(HubStorageTelemetry.GrainTypeTag, grainType)
            .SetTag(HubStorageTelemetry.StateNameTag, stateName);
        return activity;
    }

    private static void Complete(Activity? activity, string status, Exception? error = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(HubStorageTelemetry.StatusTag, status);
        if (error is not null || status is "error" or "too_large")
        {
            // The description is the exception type only: Azure's message can carry request details.
            activity.SetStatus(ActivityStatusCode.Error, error?.GetType().Name ?? status);
        }
        else if (status != "conflict")
        {
            activity.SetStatus(ActivityStatusCode.Ok);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Provider} is using table {Table}")]
    private partial void LogTableReady(string provider, string table);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Grain storage {Provider}: {Operation} of state {StateName} for grain type {GrainType} in table {Table} hit an ETag conflict (HTTP {Status})")]
    private partial void LogConflict(string operation, string provider, string grainType, string stateName, string table, int status);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain storage {Provider}: {Operation} of state {StateName} for grain type {GrainType} in table {Table} failed with HTTP {Status} {ErrorCode}")]
    private partial void LogAzureError(string operation, string provider, string grainType, string stateName, string table, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain storage {Provider}: state {StateName} for grain type {GrainType} is {Size} bytes, over the {Limit} byte limit; not written")]
    private partial void LogTooLarge(string provider, string grainType, string stateName, int size, int limit);
}
