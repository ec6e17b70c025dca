using System.Buffers.Binary;
using Azure.Data.Tables;
using Orleans.Storage;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// What the hub puts in the bytes Orleans' <c>AzureTableGrainStorage</c> stores: a format version and the length of
/// the state, then the state as <see cref="HubJsonGrainStorageSerializer"/> writes it. The provider splits those
/// bytes over the binary properties <c>Data</c>, <c>Data1</c> .. <c>Data14</c> and joins them on read, skipping
/// missing ones; the length is what tells a row with a lost part from a whole one.
/// </summary>
public sealed class TableStateFormat(IGrainStorageSerializer state) : IGrainStorageSerializer
{
    /// <summary>The format version written and read (1 was the hub's own provider, refused by the store's layout check).</summary>
    public const byte FormatVersion = 2;

    /// <summary>Version byte and 32-bit length.</summary>
    internal const int HeaderBytes = 5;

    /// <summary>The official provider's parts: 15 binary properties of 64 KiB, the most it writes.</summary>
    internal const int PartBytes = 64 * 1024;

    private const int MaxParts = 15;

    /// <summary>The largest serialized state accepted, in bytes: what the official provider stores, less the header.</summary>
    public const int MaxStateBytes = (MaxParts * PartBytes) - HeaderBytes;

    /// <summary>The format over the hub's JSON serializer.</summary>
    public TableStateFormat()
        : this(new HubJsonGrainStorageSerializer())
    {
    }

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(Wrap(state.Serialize(input).ToMemory().Span));

    /// <inheritdoc />
    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return state.Deserialize<T>(new BinaryData(Unwrap(input.ToMemory())));
    }

    /// <summary>The stored bytes of a serialized state; throws <see cref="StateTooLargeException"/> over the limit.</summary>
    internal static byte[] Wrap(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxStateBytes)
        {
            throw new StateTooLargeException(data.Length);
        }

        var stored = new byte[HeaderBytes + data.Length];
        stored[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(stored.AsSpan(1), data.Length);
        data.CopyTo(stored.AsSpan(HeaderBytes));
        return stored;
    }

    /// <summary>The serialized state in stored bytes, refusing another version or a length its parts do not hold.</summary>
    internal static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> stored)
    {
        var span = stored.Span;
        if (span.Length < HeaderBytes || span[0] != FormatVersion)
        {
            throw new HubTableStorageException(
                $"A stored grain state has format version {(span.Length == 0 ? "none" : span[0].ToString())}; this hub reads version {FormatVersion}.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[1..]);
        if (length != span.Length - HeaderBytes)
        {
            throw new HubTableStorageException(
                $"A stored grain state's parts hold {span.Length - HeaderBytes} bytes but its header says {length}: a part is missing or was changed.");
        }

        return stored[HeaderBytes..];
    }

    /// <summary>The stored bytes of a row as the official provider joins them: its binary parts in order, absent ones skipped.</summary>
    internal static byte[] StoredBytes(TableEntity row) =>
        [.. PartNames().SelectMany(name => row.GetBinary(name) ?? [])];

    /// <summary>Whether a row holds a state (not a cleared one, whose parts are all empty).</summary>
    internal static bool HoldsState(TableEntity row) => row.GetBinary(PartNames().First()) is { Length: > 0 };

    /// <summary>A row as the official provider writes it, for the copy between backends.</summary>
    internal static TableEntity Row(string partitionKey, string rowKey, ReadOnlySpan<byte> data)
    {
        var stored = Wrap(data);
        var row = new TableEntity(partitionKey, rowKey);
        foreach (var (name, offset) in PartNames().Select((name, i) => (name, i * PartBytes)).TakeWhile(part => part.Item2 < stored.Length))
        {
            row[name] = stored.AsSpan(offset, Math.Min(PartBytes, stored.Length - offset)).ToArray();
        }

        return row;
    }

    private static IEnumerable<string> PartNames() => Enumerable.Range(0, MaxParts).Select(i => i == 0 ? "Data" : "Data" + i);
}

/// <summary>A serialized state over <see cref="TableStateFormat.MaxStateBytes"/>; the storage turns it into <see cref="GrainStateTooLargeException"/>.</summary>
/// <param name="size">The serialized size in bytes.</param>
internal sealed class StateTooLargeException(long size) : Exception($"The serialized state is {size} bytes.")
{
    /// <summary>The serialized size in bytes.</summary>
    public long Size { get; } = size;
}
