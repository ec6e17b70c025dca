namespace PartnershipHub.Domain.Partnerships;

/// <summary>The services boroughs share under partnership agreements.</summary>
public enum SharedService
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>The multi-agency safeguarding hub.</summary>
    Mash = 1,

    /// <summary>Recruiting, approving and supporting foster carers; placements.</summary>
    Fostering = 2,

    /// <summary>Adoption: adopters, matching, placements for adoption.</summary>
    Adoption = 3,

    /// <summary>The safeguarding partnership (formerly the LSCB).</summary>
    SafeguardingPartnership = 4,
}

/// <summary>
/// Which organisations share a service, from when to when. Effective-dated: who may see what follows from the
/// agreements in force on the date of the access.
/// </summary>
/// <param name="Id">A short stable id, e.g. <c>mash-triborough</c>.</param>
/// <param name="Name">What people call it.</param>
/// <param name="Service">The shared service.</param>
/// <param name="Members">The member organisations (boroughs' ONS codes, agencies' codes).</param>
/// <param name="From">The first day in force.</param>
/// <param name="To">The last day in force; null while it has no end.</param>
public sealed record PartnershipAgreement(
    string Id, string Name, SharedService Service, IReadOnlyList<string> Members, DateOnly From, DateOnly? To)
{
    /// <summary>Whether the agreement is in force on <paramref name="day"/>.</summary>
    public bool InForceOn(DateOnly day) => From <= day && (To is null || day <= To);

    /// <summary>Whether <paramref name="organisation"/> is a member.</summary>
    public bool Includes(string organisation) => Members.Contains(organisation, StringComparer.Ordinal);
}

/// <summary>Questions asked of a set of agreements.</summary>
public static class PartnershipAgreements
{
    /// <summary>
    /// How many agreements the partnership holds at most. They are stored together in one row of at most 1 MiB; with
    /// an agreement's fields bounded (an id of 64 characters, a name of 200,
    /// <see cref="Validation.RequestLimits.AgreementMembers"/> members of 32) each takes under 2 KiB, so 200 fit
    /// with room to spare.
    /// </summary>
    public const int MaxAgreements = 200;

    /// <summary>
    /// Whether <paramref name="organisation"/> shares <paramref name="service"/> with <paramref name="borough"/> on
    /// <paramref name="day"/>: both are members of one agreement for that service in force that day. A borough
    /// always shares its own services with itself.
    /// </summary>
    public static bool Share(IEnumerable<PartnershipAgreement> agreements, SharedService service, string organisation, string borough, DateOnly day) =>
        organisation == borough
        || agreements.Any(a => a.Service == service && a.InForceOn(day) && a.Includes(organisation) && a.Includes(borough));

    /// <summary>
    /// The history in domain.md section 1: the tri-borough arrangement from 2011 (its LSCB from April 2012), with
    /// adoption for Hammersmith and Fulham moving to a regional partnership with Ealing, Hounslow and Brent in
    /// October 2019. Administrators change these as agreements change.
    /// </summary>
    public static IReadOnlyList<PartnershipAgreement> Seed { get; } =
    [
        new("mash-triborough", "Tri-borough MASH", SharedService.Mash, [Lbhf, Rbkc, Wcc], new(2011, 4, 1), null),
        new("fostering-triborough", "Tri-borough fostering and permanence", SharedService.Fostering, [Lbhf, Rbkc, Wcc], new(2011, 4, 1), null),
        new("adoption-triborough", "Tri-borough adoption", SharedService.Adoption, [Lbhf, Rbkc, Wcc], new(2011, 4, 1), new(2019, 9, 30)),
        new("adoption-biborough", "Bi-borough adoption", SharedService.Adoption, [Rbkc, Wcc], new(2019, 10, 1), null),
        new("adoption-regional-west", "Regional adoption partnership (west London)", SharedService.Adoption, [Lbhf, Ealing, Hounslow, Brent], new(2019, 10, 1), null),
        new("lscb-triborough", "Tri-borough LSCB, then safeguarding partnership", SharedService.SafeguardingPartnership, [Lbhf, Rbkc, Wcc], new(2012, 4, 1), null),
    ];

    private const string Lbhf = "E09000013";
    private const string Rbkc = "E09000020";
    private const string Wcc = "E09000033";
    private const string Ealing = "E09000009";
    private const string Hounslow = "E09000018";
    private const string Brent = "E09000005";
}
