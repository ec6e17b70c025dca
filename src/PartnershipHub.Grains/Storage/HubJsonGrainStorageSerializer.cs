using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace PartnershipHub.Grains.Storage;

/// <summary>
/// The default grain state serializer: UTF-8 JSON via System.Text.Json with fixed, documented settings,
/// so rows written today stay readable after the state type evolves.
/// </summary>
/// <remarks>
/// Versioning rules (also in the README): a member added to the state type reads as its default
/// (or the constructor parameter's default) from old rows; a member removed is ignored on read; a member
/// renamed needs the old name kept via <c>[JsonPropertyName("OldName")]</c> or a setter-only alias
/// property, otherwise its value is lost. Enums are written as names, so reordering enum members is safe
/// but renaming one is a rename. Member names are written as declared and matched case-insensitively.
/// Changing a member's type (e.g. string to int) is not supported without a migration.
/// </remarks>
public sealed class HubJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions options;

    /// <summary>Creates the serializer with the hub's default settings.</summary>
    public HubJsonGrainStorageSerializer()
        : this(CreateDefaultOptions())
    {
    }

    /// <summary>Creates the serializer with the caller's settings (they become part of the stored format).</summary>
    /// <param name="options">The System.Text.Json settings.</param>
    public HubJsonGrainStorageSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>The settings used when none are given.</summary>
    /// <returns>A new options instance.</returns>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.General)
    {
        PropertyNameCaseInsensitive = true,
        IncludeFields = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <inheritdoc/>
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, options));

    /// <inheritdoc/>
    public T? Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(options);
}
