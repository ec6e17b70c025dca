using Google.Protobuf;
using Grpc.Core;
using PartnershipHub.Contracts.PrivateFostering.V1;

namespace PartnershipHub.Cli;

/// <summary>The <c>phub private-fostering</c> commands: each builds one request and makes one call.</summary>
public static class PrivateFosteringCommands
{
    /// <summary>Runs <c>phub private-fostering VERB</c>.</summary>
    public static async Task<IMessage> PrivateFostering(PrivateFosteringService.PrivateFosteringServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "notify" => await client.NotifyArrangementAsync(new NotifyArrangementRequest
        {
            Borough = a.Required("borough"),
            ChildId = a.Required("child"),
            NotificationDate = a.Required("notified"),
            ArrangementStartDate = a.Required("start"),
            Source = a.Choice<NotificationSource>("source"),
            PostcodeDistrict = a.Required("district"),
        }, headers),
        "visit" => await client.RecordVisitAsync(new RecordVisitRequest
        {
            Borough = a.Required("borough"),
            ArrangementId = a.Required("arrangement"),
            VisitDate = a.Required("date"),
            ChildSeen = a.Flag("seen"),
            ChildSeenAlone = a.Flag("seen-alone"),
        }, headers),
        "move" => await client.RecordMoveAsync(new RecordMoveRequest
        {
            Borough = a.Required("borough"),
            ArrangementId = a.Required("arrangement"),
            MoveDate = a.Required("date"),
            ReceivingBorough = a.Required("to"),
            PostcodeDistrict = a.Required("district"),
        }, headers),
        "end" => await client.EndArrangementAsync(new EndArrangementRequest
        {
            Borough = a.Required("borough"),
            ArrangementId = a.Required("arrangement"),
            EndDate = a.Required("date"),
        }, headers),
        "list" => await client.ListNotificationsAsync(new ListNotificationsRequest
        {
            Borough = a.FirstWord("borough: phub private-fostering list E09000033"),
            IncludeClosed = a.Flag("all"),
            PageSize = a.Option("page-size") is null ? 0 : a.Number("page-size"),
            PageToken = a.Option("page-token", string.Empty)!,
        }, headers),
        _ => throw new UsageException($"Unknown command 'private-fostering {verb}'."),
    };
}
