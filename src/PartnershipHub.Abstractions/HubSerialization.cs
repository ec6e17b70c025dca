using Orleans.Serialization;
using PartnershipHub.Domain.Care;

namespace PartnershipHub.Abstractions;

/// <summary>
/// How grain calls carry the domain's care records. The domain knows nothing of Orleans, so its care records
/// travel as System.Text.Json, the same form the grain storage keeps them in.
/// </summary>
public static class HubSerialization
{
    private static readonly string CareNamespace = typeof(CareRecord).Namespace!;

    /// <summary>Adds the JSON codec for the domain's care records and the summaries worked out from them.</summary>
    public static ISerializerBuilder AddHubDomainTypes(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSerializable: IsDomainCareType, isCopyable: IsDomainCareType);

    private static bool IsDomainCareType(Type type) => type.Namespace == CareNamespace;
}
