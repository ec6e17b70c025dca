using PartnershipHub.Contracts.Adoption.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Adoption;

/// <summary>Adopter households and matches for the tests that need them.</summary>
public static class AdoptionRequests
{
    /// <summary>A household of <paramref name="borough"/> to register, with an enquiry on <paramref name="enquiry"/>.</summary>
    public static RegisterAdopterRequest Registration(string borough, string enquiry, int children = 1, int maxAge = 4) => new()
    {
        ApprovingBorough = borough,
        Reference = "ADP-" + Guid.NewGuid().ToString("N")[..8],
        EnquiryDate = enquiry,
        Preferences = new AdopterPreferences { Children = children, MinAgeYears = 0, MaxAgeYears = maxAge },
    };

    /// <summary>The household's approval on <paramref name="date"/>.</summary>
    public static RecordAdopterMilestoneRequest Milestone(string adopterId, string date) =>
        new() { AdopterId = adopterId, Milestone = AdopterMilestone.Approved, Date = date };

    /// <summary>A match of the child with the household on <paramref name="date"/>.</summary>
    public static MatchChildRequest Match(string adopterId, string childId, string date) =>
        new() { AdopterId = adopterId, ChildId = childId, MatchedDate = date, CaseReference = "ADOPT-1" };

    /// <summary>Registers a household with <paramref name="borough"/> and returns its id.</summary>
    public static async Task<string> RegisteredAdopter(this HubProcess hub, string borough, string enquiry, int children = 1, int maxAge = 4) =>
        (await new AdoptionService.AdoptionServiceClient(hub.Channel()).RegisterAdopterAsync(Registration(borough, enquiry, children, maxAge), hub.SocialWorker(borough))).Adopter.AdopterId;

    /// <summary>A household of <paramref name="borough"/> that enquired a year ago and was approved 200 days ago.</summary>
    public static async Task<string> ApprovedAdopter(this HubProcess hub, string borough, int children = 1, int maxAge = 4)
    {
        var adopterId = await hub.RegisteredAdopter(borough, SharedServices.Day(-365), children, maxAge);
        await new AdoptionService.AdoptionServiceClient(hub.Channel()).RecordAdopterMilestoneAsync(Milestone(adopterId, SharedServices.Day(-200)), hub.SocialWorker(borough));
        return adopterId;
    }
}
