using Google.Protobuf;
using Grpc.Core;
using PartnershipHub.Contracts.Adoption.V1;

namespace PartnershipHub.Cli;

/// <summary>The <c>phub adoption</c> commands: each builds one request and makes one call.</summary>
public static class AdoptionCommands
{
    /// <summary>Runs <c>phub adoption VERB</c>.</summary>
    public static async Task<IMessage> Adoption(AdoptionService.AdoptionServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "register" => await client.RegisterAdopterAsync(new RegisterAdopterRequest
        {
            ApprovingBorough = a.Required("borough"),
            Reference = a.Required("reference"),
            EnquiryDate = a.Required("enquiry"),
            Preferences = new AdopterPreferences { Children = a.Number("children"), MinAgeYears = a.Number("min-age"), MaxAgeYears = a.Number("max-age") },
        }, headers),
        "milestone" => await client.RecordAdopterMilestoneAsync(new RecordAdopterMilestoneRequest
        {
            AdopterId = a.Required("adopter"),
            Milestone = a.Choice<AdopterMilestone>("milestone"),
            Date = a.Required("date"),
        }, headers),
        "get" => await client.GetAdopterAsync(new GetAdopterRequest
        {
            AdopterId = a.FirstWord("adopter: phub adoption get ADOPTER_ID"),
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "match" => await client.MatchChildAsync(new MatchChildRequest
        {
            AdopterId = a.Required("adopter"),
            ChildId = a.Required("child"),
            MatchedDate = a.Required("date"),
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "placed" => await client.RecordPlacedForAdoptionAsync(new RecordPlacedForAdoptionRequest
        {
            AdopterId = a.Required("adopter"),
            ChildId = a.Required("child"),
            PlacedDate = a.Required("date"),
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "order" => await client.RecordAdoptionOrderAsync(new RecordAdoptionOrderRequest
        {
            AdopterId = a.Required("adopter"),
            ChildId = a.Required("child"),
            AdoptionOrderDate = a.Required("date"),
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "waiting" => await client.ListWaitingAdoptersAsync(Waiting(a), headers),
        _ => throw new UsageException($"Unknown command 'adoption {verb}'."),
    };

    private static ListWaitingAdoptersRequest Waiting(Arguments a)
    {
        var request = new ListWaitingAdoptersRequest
        {
            ApprovingBorough = a.FirstWord("approving borough: phub adoption waiting E09000009"),
            PageSize = a.Option("page-size") is null ? 0 : a.Number("page-size"),
            PageToken = a.Option("page-token", string.Empty)!,
        };
        if (a.Option("child-age") is not null)
        {
            request.ChildAgeYears = a.Number("child-age");
        }

        if (a.Option("siblings") is not null)
        {
            request.SiblingGroupSize = a.Number("siblings");
        }

        return request;
    }
}
