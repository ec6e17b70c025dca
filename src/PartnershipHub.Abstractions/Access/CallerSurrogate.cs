using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.Access;

/// <summary>
/// Lets Orleans carry the domain's <see cref="Caller"/> to grains while the domain assembly stays free of Orleans.
/// </summary>
[GenerateSerializer, Alias("Caller")]
public readonly struct CallerSurrogate
{
    /// <summary>The caller's organisation code.</summary>
    [Id(0)] public string Organisation { get; init; }

    /// <summary>The caller's role.</summary>
    [Id(1)] public string Role { get; init; }

    /// <summary>The caller's user id.</summary>
    [Id(2)] public string UserId { get; init; }
}

/// <summary>Converts <see cref="Caller"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class CallerSurrogateConverter : IConverter<Caller, CallerSurrogate>
{
    /// <inheritdoc />
    public Caller ConvertFromSurrogate(in CallerSurrogate surrogate) =>
        new(surrogate.Organisation, surrogate.Role, surrogate.UserId);

    /// <inheritdoc />
    public CallerSurrogate ConvertToSurrogate(in Caller value) =>
        new() { Organisation = value.Organisation, Role = value.Role, UserId = value.UserId };
}
