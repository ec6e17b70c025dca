using Google.Protobuf;
using Grpc.Core;
using PartnershipHub.Contracts.Fostering.V1;

namespace PartnershipHub.Cli;

/// <summary>The <c>phub fostering</c> commands: each builds one request and makes one call.</summary>
public static class FosteringCommands
{
    /// <summary>Runs <c>phub fostering VERB</c>.</summary>
    public static async Task<IMessage> Fostering(FosteringService.FosteringServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "register" => await client.RegisterHouseholdAsync(new RegisterHouseholdRequest
        {
            ApprovingBorough = a.Required("borough"),
            Kind = a.Choice<HouseholdKind>("kind"),
            NamedChildId = a.Option("named-child", string.Empty)!,
            HouseholdReference = a.Required("reference"),
            PostcodeDistrict = a.Required("district"),
            Capacity = Capacity(a),
        }, headers),
        "get" => await client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = a.FirstWord("household id: phub fostering get HOUSEHOLD_ID") }, headers),
        "approval" => await client.RecordApprovalAsync(new RecordApprovalRequest
        {
            HouseholdId = a.Required("household"),
            Status = a.Choice<ApprovalStatus>("status"),
            EffectiveDate = a.Required("date"),
        }, headers),
        "review" => await client.RecordHouseholdReviewAsync(new RecordHouseholdReviewRequest { HouseholdId = a.Required("household"), ReviewDate = a.Required("date") }, headers),
        "capacity" => await client.UpdateCapacityAsync(new UpdateCapacityRequest { HouseholdId = a.Required("household"), Capacity = Capacity(a) }, headers),
        "list" => await client.ListHouseholdsAsync(new ListHouseholdsRequest { ApprovingBorough = a.FirstWord("borough: phub fostering list E09000013") }, headers),
        "search" => await client.SearchVacanciesAsync(new SearchVacanciesRequest
        {
            ChildId = a.Required("child"),
            SiblingChildIds = { a.All("sibling") },
            Needs = { a.All("need").Select(n => Arguments.Parse<CarerNeed>("need", n)) },
            PreferredPostcodeDistrict = a.Option("district", string.Empty)!,
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "place" => await client.PlaceChildAsync(new PlaceChildRequest { HouseholdId = a.Required("household"), ChildId = a.Required("child"), FromDate = a.Required("from") }, headers),
        "end" => await client.EndPlacementAsync(new EndPlacementRequest { HouseholdId = a.Required("household"), ChildId = a.Required("child"), EndDate = a.Required("date") }, headers),
        _ => throw new UsageException($"Unknown command 'fostering {verb}'."),
    };

    private static Capacity Capacity(Arguments a) => new()
    {
        Places = a.Number("places"),
        MinAge = a.Number("min-age"),
        MaxAge = a.Number("max-age"),
        TakesSiblingGroups = a.Option("siblings") == "yes",
        Needs = { a.All("need").Select(n => Arguments.Parse<CarerNeed>("need", n)) },
    };
}
