using PartnershipHub.Abstractions.Adoption;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Api.Mash;
using PartnershipHub.Domain.Adoption;
using V1 = PartnershipHub.Contracts.Adoption.V1;

namespace PartnershipHub.Api.Adoption;

/// <summary>Translates adopter records to the adoption API's messages, and its milestones to the domain's.</summary>
public static class AdoptionMessages
{
    /// <summary>A household, already cut to what the caller may see (<see cref="Adopter.AsSeenBy"/>).</summary>
    public static V1.Adopter ToMessage(Adopter adopter)
    {
        var message = new V1.Adopter
        {
            AdopterId = adopter.AdopterId,
            ApprovingBorough = adopter.ApprovingBorough,
            Reference = adopter.Reference,
            Preferences = ToMessage(adopter.Capacity),
            Waiting = adopter.Summary().IsWaiting,
        };
        message.Milestones.AddRange(Enum.GetValues<AdopterMilestone>()
            .Where(m => m != AdopterMilestone.None && adopter.DateOf(m) is not null)
            .Select(m => new V1.MilestoneEntry { Milestone = (V1.AdopterMilestone)m, Date = IsoDates.Write(adopter.DateOf(m)) }));
        message.Matches.AddRange(adopter.Matches.Select(m => new V1.AdoptionMatch
        {
            ChildId = m.ChildId,
            ChildBorough = m.ChildBorough,
            MatchedDate = IsoDates.Write(m.MatchedDate),
            PlacedDate = IsoDates.Write(m.PlacedDate),
            AdoptionOrderDate = IsoDates.Write(m.AdoptionOrderDate),
            MatchedBy = CommonMessages.ToMessage(m.By),
        }));
        message.History.AddRange(adopter.History.Select(h => new V1.AdopterChange { What = h.What, By = CommonMessages.ToMessage(h.By) }));
        return message;
    }

    /// <summary>A waiting household in the partnership's list.</summary>
    public static V1.WaitingAdopter ToMessage(AdopterSummary adopter) => new()
    {
        AdopterId = adopter.AdopterId,
        ApprovingBorough = adopter.ApprovingBorough,
        Reference = adopter.Reference,
        ApprovedDate = IsoDates.Write(adopter.Approved),
        Preferences = ToMessage(adopter.Capacity),
    };

    /// <summary>The domain's milestone for the API's; null when unspecified or unknown.</summary>
    public static AdopterMilestone? ToDomain(V1.AdopterMilestone milestone) =>
        Enum.IsDefined(milestone) && milestone != V1.AdopterMilestone.Unspecified ? (AdopterMilestone)milestone : null;

    private static V1.AdopterPreferences ToMessage(AdopterCapacity capacity) => new()
    {
        Children = capacity.Children,
        MinAgeYears = capacity.MinAgeYears,
        MaxAgeYears = capacity.MaxAgeYears,
    };
}
