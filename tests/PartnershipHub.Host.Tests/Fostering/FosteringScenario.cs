using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Fostering.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Fostering;

/// <summary>
/// Callers, children and foster households for fostering tests against the shared hub. Every household gets a fresh
/// reference and every child fresh identifiers, so tests can pick out their own among everyone else's.
/// </summary>
/// <param name="hub">The running hub.</param>
public sealed class FosteringScenario(HubProcess hub)
{
    /// <summary>Ealing's ONS code: outside the fostering partnership.</summary>
    public const string Ealing = "E09000009";

    /// <summary>The fostering service's client.</summary>
    public FosteringService.FosteringServiceClient Fostering { get; } = new(hub.Channel());

    /// <summary>A social worker (placement team, fostering service) of <paramref name="borough"/>.</summary>
    public Metadata SocialWorker(string borough) => hub.As(borough, "social-worker", $"sw-{borough}");

    /// <summary>Registers a child with <paramref name="borough"/> (through its MASH staff) born on <paramref name="birthDate"/>; returns the child id.</summary>
    public async Task<string> Child(string borough, DateOnly? birthDate)
    {
        var request = ChildRequests.Child(borough);
        request.BirthDate = birthDate is { } born
            ? new BirthDate { Status = BirthDateStatus.Known, Date = born.ToString("yyyy-MM-dd") }
            : new BirthDate { Status = BirthDateStatus.Unknown };
        var children = new ChildrenService.ChildrenServiceClient(hub.Channel());
        return (await children.RegisterChildAsync(request, hub.As(borough, "mash-practitioner"))).Child.ChildId;
    }

    /// <summary>A child of <paramref name="borough"/> who is <paramref name="years"/> years old today.</summary>
    public Task<string> ChildAged(string borough, int years) => Child(borough, Today.AddYears(-years).AddDays(-30));

    /// <summary>A valid registration of a mainstream household with <paramref name="borough"/>.</summary>
    public static RegisterHouseholdRequest Mainstream(string borough, string district, int places = 2, int minAge = 5, int maxAge = 12) => new()
    {
        ApprovingBorough = borough,
        Kind = HouseholdKind.Mainstream,
        HouseholdReference = "FH-" + Guid.NewGuid().ToString("N")[..12],
        PostcodeDistrict = district,
        Capacity = new Capacity { Places = places, MinAge = minAge, MaxAge = maxAge, TakesSiblingGroups = true },
    };

    /// <summary>Registers the household and approves it on <paramref name="approvedOn"/> (a month ago when not given).</summary>
    public async Task<Household> Approved(RegisterHouseholdRequest registration, DateOnly? approvedOn = null)
    {
        var worker = SocialWorker(registration.ApprovingBorough);
        var household = (await Fostering.RegisterHouseholdAsync(registration, worker)).Household;
        return (await Fostering.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = household.HouseholdId,
            Status = ApprovalStatus.Approved,
            EffectiveDate = Iso(approvedOn ?? Today.AddMonths(-1)),
        }, worker)).Household;
    }

    /// <summary>The household as its approving borough sees it.</summary>
    public async Task<Household> Get(Household household) =>
        (await Fostering.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = household.HouseholdId }, SocialWorker(household.ApprovingBorough))).Household;

    /// <summary>A search by a social worker of <paramref name="borough"/>; returns what it found.</summary>
    public async Task<SearchVacanciesResponse> Search(string borough, string childId, string district = "", params string[] siblings) =>
        await Fostering.SearchVacanciesAsync(
            new SearchVacanciesRequest { ChildId = childId, PreferredPostcodeDistrict = district, SiblingChildIds = { siblings }, CaseReference = "PLACEMENT-1" },
            SocialWorker(borough));

    /// <summary>Places a child from today, by a social worker of <paramref name="childBorough"/>.</summary>
    public Task<PlacementResponse> Place(Household household, string childId, string childBorough) =>
        Fostering.PlaceChildAsync(new PlaceChildRequest { HouseholdId = household.HouseholdId, ChildId = childId, FromDate = Iso(Today) }, SocialWorker(childBorough)).ResponseAsync;

    /// <summary>Today in London, as the hub reads dates.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);

    /// <summary>A date as the API writes it.</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd");
}
