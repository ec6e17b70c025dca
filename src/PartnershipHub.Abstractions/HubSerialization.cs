using Orleans.Serialization;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Abstractions;

/// <summary>
/// How grain calls carry the domain's care records. The domain knows nothing of Orleans, so its care records
/// travel as System.Text.Json, the same form the grain storage keeps them in.
/// </summary>
public static class HubSerialization
{
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal)
    {
        typeof(CareRecord).Namespace!, typeof(FieldViolation).Namespace!, typeof(Domain.Board.BoardItem).Namespace!,
        typeof(Domain.Measures.PopulationEstimate).Namespace!, typeof(Domain.Extracts.ChildExtractRow).Namespace!,
    };

    /// <summary>Adds the JSON codec for the domain's care records, the summaries worked out from them, field violations, the board's trackers and extract rows.</summary>
    public static ISerializerBuilder AddHubDomainTypes(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSerializable: IsCarried, isCopyable: IsCarried);

    private static bool IsCarried(Type type) => type.Namespace is { } name && Namespaces.Contains(name);
}
