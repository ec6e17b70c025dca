using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in the embedded store: one row per grain state, <c>UNIQUE(grain_type, grain_key,
/// state_name)</c>, its ETag a version token that every write replaces. A write or clear whose ETag is not the
/// stored one fails with <see cref="InconsistentStateException"/> and changes nothing; every write is durable
/// (its group commit fsynced) before it returns. Clearing deletes the row.
/// </summary>
public sealed class SqliteGrainStorage(string name, SqliteHubDatabase database, IActivatorProvider? activatorProvider = null) : IGrainStorage
{
    /// <summary>
    /// The largest serialized state accepted, in bytes: 16 MiB. SQLite holds up to 1 GB in a value, but a state
    /// this large is rewritten whole on every change and held in memory by its grain; larger is a design problem.
    /// </summary>
    public const int MaxStateBytes = 16 * 1024 * 1024;

    private static readonly ActivitySource Source = new("PartnershipHub.Storage");

    private readonly IGrainStorageSerializer serializer = new HubJsonGrainStorageSerializer();

    /// <summary>The provider name grains refer to.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (grainType, grainKey) = Keys(grainId);
        var stored = database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, data FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";
            AddKeys(command.Parameters, grainType, grainKey, stateName);
            using var row = command.ExecuteReader();
            return row.Read() ? (Version: row.GetString(0), Data: (byte[])row.GetValue(1)) : default;
        });
        if (stored.Version is null)
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        try
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Data))!;
        }
        catch (Exception ex)
        {
            // The serializer's message may quote stored content, so it stays on the inner exception only.
            throw new InvalidOperationException(
                $"Grain storage '{Name}' could not deserialize state '{stateName}' of grain type '{grainType}' as {typeof(T).Name}.", ex);
        }

        grainState.ETag = stored.Version;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (grainType, grainKey) = Keys(grainId);
        var data = serializer.Serialize(grainState.State).ToArray();
        if (data.Length > MaxStateBytes)
        {
            throw new GrainStateTooLargeException(grainType, stateName, data.Length, MaxStateBytes);
        }

        var expected = grainState.ETag;
        grainState.ETag = await database.WriteAsync(write =>
        {
            var version = Guid.NewGuid().ToString("N");
            var written = expected is null
                ? write.Execute(
                    "INSERT INTO grain_state(grain_type, grain_key, state_name, version, data) VALUES($type, $key, $state, $version, $data) ON CONFLICT DO NOTHING",
                    ("$type", grainType), ("$key", grainKey), ("$state", stateName), ("$version", version), ("$data", data))
                : write.Execute(
                    "UPDATE grain_state SET version = $version, data = $data WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND version = $expected",
                    ("$type", grainType), ("$key", grainKey), ("$state", stateName), ("$version", version), ("$data", data), ("$expected", expected));
            return written == 1 ? version : throw Conflict(write, "write", grainType, grainKey, stateName, expected);
        });
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (grainType, grainKey) = Keys(grainId);

        // With no ETag this activation never saw a stored row, so there is nothing of its own to delete; a row
        // written meanwhile by someone else is left alone rather than deleted blind.
        if (grainState.ETag is { } expected)
        {
            await database.WriteAsync(write => write.Execute(
                "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND version = $expected",
                ("$type", grainType), ("$key", grainKey), ("$state", stateName), ("$expected", expected)) == 1
                ? true
                : throw Conflict(write, "clear", grainType, grainKey, stateName, expected));
        }

        grainState.State = CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static (string Type, string Key) Keys(GrainId grainId) => (grainId.Type.ToString()!, grainId.Key.ToString()!);

    private static void AddKeys(SqliteParameterCollection parameters, string grainType, string grainKey, string stateName)
    {
        parameters.AddWithValue("$type", grainType);
        parameters.AddWithValue("$key", grainKey);
        parameters.AddWithValue("$state", stateName);
    }

    private InconsistentStateException Conflict(SqliteWrite write, string operation, string grainType, string grainKey, string stateName, string? expected)
    {
        var stored = write.Scalar(
            "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state",
            ("$type", grainType), ("$key", grainKey), ("$state", stateName)) as string;
        return new InconsistentStateException(
            $"Grain storage '{Name}': {operation} of state '{stateName}' of grain type '{grainType}' was based on a version " +
            "that is no longer the stored one; nothing was changed.",
            stored ?? "none",
            expected ?? "none");
    }

    private T CreateDefault<T>() =>
        activatorProvider is not null
            ? activatorProvider.GetActivator<T>().Create()
            : typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : default!;
}
