using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Abstractions.Partnerships;

/// <summary>Lets Orleans carry the domain's <see cref="PartnershipAgreement"/> while the domain stays free of Orleans.</summary>
[GenerateSerializer, Alias("PartnershipAgreement")]
public readonly struct PartnershipAgreementSurrogate
{
    /// <summary>The agreement's id.</summary>
    [Id(0)] public string Id { get; init; }

    /// <summary>Its name.</summary>
    [Id(1)] public string Name { get; init; }

    /// <summary>The shared service.</summary>
    [Id(2)] public SharedService Service { get; init; }

    /// <summary>Member organisations.</summary>
    [Id(3)] public string[] Members { get; init; }

    /// <summary>First day in force.</summary>
    [Id(4)] public DateOnly From { get; init; }

    /// <summary>Last day in force, if ended.</summary>
    [Id(5)] public DateOnly? To { get; init; }
}

/// <summary>Converts <see cref="PartnershipAgreement"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class PartnershipAgreementSurrogateConverter : IConverter<PartnershipAgreement, PartnershipAgreementSurrogate>
{
    /// <inheritdoc />
    public PartnershipAgreement ConvertFromSurrogate(in PartnershipAgreementSurrogate surrogate) =>
        new(surrogate.Id, surrogate.Name, surrogate.Service, surrogate.Members, surrogate.From, surrogate.To);

    /// <inheritdoc />
    public PartnershipAgreementSurrogate ConvertToSurrogate(in PartnershipAgreement value) => new()
    {
        Id = value.Id,
        Name = value.Name,
        Service = value.Service,
        Members = [.. value.Members],
        From = value.From,
        To = value.To,
    };
}
