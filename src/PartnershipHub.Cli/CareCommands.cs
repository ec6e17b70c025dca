using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Cli;

/// <summary>Builds and makes the care API's calls from command-line options. The hub validates them.</summary>
public static class CareCommands
{
    /// <summary>Runs <c>phub care VERB</c>.</summary>
    public static async Task<IMessage> Care(CareService.CareServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "show" => await client.GetCareRecordAsync(new GetCareRecordRequest
        {
            ChildId = a.FirstWord("child: phub care show CHILD_ID"),
            Purpose = a.Choice<AccessPurpose>("purpose"),
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "history" => await client.GetRecordHistoryAsync(new GetRecordHistoryRequest
        {
            ChildId = a.Required("child"),
            RecordId = a.Required("record"),
            Purpose = a.Choice<AccessPurpose>("purpose"),
            CaseReference = a.Option("case-reference", string.Empty)!,
        }, headers),
        "save" => await client.SaveRecordAsync(new SaveRecordRequest
        {
            ChildId = a.Required("child"),
            RecordId = a.Option("record", string.Empty)!,
            ExpectedVersion = Version(a, required: a.Option("record") is not null),
            Reason = a.Option("reason", string.Empty)!,
            Record = Body(a.Required("json")),
        }, headers),
        "withdraw" => await client.WithdrawRecordAsync(new WithdrawRecordRequest
        {
            ChildId = a.Required("child"),
            RecordId = a.Required("record"),
            ExpectedVersion = Version(a, required: true),
            Reason = a.Required("reason"),
        }, headers),
        "change-episode" => await client.ChangeEpisodeAsync(new ChangeEpisodeRequest
        {
            ChildId = a.Required("child"),
            ChangeDate = a.Required("date"),
            ReasonForNewEpisode = a.Required("rne"),
            PlacementType = a.Required("placement"),
            Provider = a.Required("provider"),
            PostcodeDistrict = a.Required("postcode-district"),
            LegalStatus = a.Option("legal-status", string.Empty)!,
            Reason = a.Required("reason"),
        }, headers),
        _ => throw new UsageException($"Unknown care command '{verb}'."),
    };

    /// <summary>A record's content from its JSON form, e.g. <c>{"referral": {"referralDate": "2025-01-06", "source": "6"}}</c>.</summary>
    private static CareRecordBody Body(string json)
    {
        try
        {
            return JsonParser.Default.Parse<CareRecordBody>(json);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new UsageException($"--json is not a care record in JSON ({ex.Message.ReplaceLineEndings(" ")}); e.g. --json '{{\"referral\": {{\"referralDate\": \"2025-01-06\", \"source\": \"6\"}}}}'.");
        }
    }

    private static int Version(Arguments a, bool required)
    {
        var text = required ? a.Required("version") : a.Option("version", "0")!;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new UsageException("--version takes the record's version number, e.g. 2.");
    }
}
