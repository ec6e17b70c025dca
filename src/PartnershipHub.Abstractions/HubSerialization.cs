using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Abstractions;

/// <summary>
/// How grain calls carry the domain's records (care records, MASH contacts, who recorded what). The domain knows
/// nothing of Orleans, so its records travel as System.Text.Json, the same form the grain storage keeps them in.
/// Within a silo a call's arguments and results are copied rather than serialized; the care records, field violations
/// and MASH records are immutable records, so they are shared as they are instead (<see cref="SharedRecords"/>), as
/// Orleans does for its own <c>[Immutable]</c> types. A JSON copy of a MASH view's agencies' answers cost about a
/// tenth of the hub's CPU a view (measured with perf, benchmarks/README.md).
/// </summary>
public static class HubSerialization
{
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal)
    {
        typeof(CareRecord).Namespace!, typeof(FieldViolation).Namespace!, typeof(Domain.Board.BoardItem).Namespace!,
        typeof(Domain.Measures.PopulationEstimate).Namespace!, typeof(Domain.Extracts.ChildExtractRow).Namespace!,
        typeof(Domain.Mash.MashContact).Namespace!,
    };

    /// <summary>The namespaces whose records are immutable and shared between grains of one silo rather than copied.</summary>
    private static readonly HashSet<string> SharedNamespaces = new(StringComparer.Ordinal)
    {
        typeof(CareRecord).Namespace!, typeof(FieldViolation).Namespace!, typeof(Domain.Mash.MashContact).Namespace!,
    };

    /// <summary>
    /// Adds the JSON codec for the domain's care records, the summaries worked out from them, field violations, the
    /// board's trackers, extract rows, MASH contacts and <see cref="RecordedBy"/>.
    /// </summary>
    public static ISerializerBuilder AddHubDomainTypes(this ISerializerBuilder builder)
    {
        builder.Services.AddSingleton<IGeneralizedCopier, SharedRecords>();
        return builder.AddJsonSerializer(isSerializable: IsCarried, isCopyable: type => IsCarried(type) && !IsShared(type));
    }

    private static bool IsCarried(Type type) => type == typeof(RecordedBy) || (type.Namespace is { } name && Namespaces.Contains(name));

    /// <summary>Whether each type asked about is shared: Orleans may ask on every copy, so the answer is worked out once.</summary>
    private static readonly ConcurrentDictionary<Type, bool> Shared = new();

    /// <summary>A C# record (it has the compiler's clone method) of a namespace whose records hold no mutable state.</summary>
    private static bool IsShared(Type type) => Shared.GetOrAdd(type, static t =>
        t.Namespace is { } name && SharedNamespaces.Contains(name) && t.GetMethod("<Clone>$") is not null);

    /// <summary>"Copies" an immutable domain record by handing over the same instance: nothing in it can change.</summary>
    private sealed class SharedRecords : IGeneralizedCopier
    {
        public bool IsSupportedType(Type type) => IsShared(type);

        public object? DeepCopy(object? input, CopyContext context) => input;
    }
}
