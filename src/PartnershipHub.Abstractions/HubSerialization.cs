using Orleans.Serialization;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Abstractions;

/// <summary>
/// How grain calls carry the domain's records (care records, MASH contacts, who recorded what). The domain knows
/// nothing of Orleans, so its records travel as System.Text.Json, the same form the grain storage keeps them in.
/// </summary>
public static class HubSerialization
{
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal)
    {
        typeof(CareRecord).Namespace!, typeof(FieldViolation).Namespace!, typeof(Domain.Board.BoardItem).Namespace!,
        typeof(Domain.Measures.PopulationEstimate).Namespace!, typeof(Domain.Extracts.ChildExtractRow).Namespace!,
        typeof(Domain.Mash.MashContact).Namespace!,
    };

    /// <summary>
    /// Adds the JSON codec for the domain's care records, the summaries worked out from them, field violations, the
    /// board's trackers, extract rows, MASH contacts and <see cref="RecordedBy"/>.
    /// </summary>
    public static ISerializerBuilder AddHubDomainTypes(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSerializable: IsCarried, isCopyable: IsCarried);

    private static bool IsCarried(Type type) => type == typeof(RecordedBy) || (type.Namespace is { } name && Namespaces.Contains(name));
}
