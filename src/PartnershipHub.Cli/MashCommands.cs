using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Contracts.Admin.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Partnerships.V1;

namespace PartnershipHub.Cli;

/// <summary>The <c>phub mash</c>, <c>phub audit</c> and <c>phub agreements</c> commands: each builds one request and makes one call.</summary>
public static class MashCommands
{
    /// <summary>Runs <c>phub mash VERB</c>.</summary>
    public static async Task<IMessage> Mash(MashService.MashServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "contact" => await client.RecordContactAsync(Contact(a), headers),
        "rate" => await client.RateContactAsync(new RateContactRequest
        {
            ChildId = a.Required("child"),
            ContactId = a.Required("contact"),
            Rating = a.Choice<BragRating>("rating"),
            TooLittleInformation = a.Option("too-little-information") == "yes",
            Rationale = a.Required("rationale"),
        }, headers),
        "request" => await client.SendInformationRequestsAsync(new SendInformationRequestsRequest
        {
            ChildId = a.Required("child"),
            ContactId = a.Required("contact"),
            Agencies = { a.All("agency") },
            Question = a.Required("question"),
        }, headers),
        "inbox" => await client.ListAgencyRequestsAsync(new ListAgencyRequestsRequest(), headers),
        "answer" => await client.AnswerInformationRequestAsync(Answer(a), headers),
        "decide" => await client.RecordDecisionAsync(new RecordDecisionRequest
        {
            ChildId = a.Required("child"),
            ContactId = a.Required("contact"),
            Decision = a.Choice<MashDecision>("decision"),
            Rationale = a.Required("rationale"),
            TransferTo = a.Option("transfer-to", string.Empty)!,
        }, headers),
        "get" => await client.GetContactAsync(new GetContactRequest { ChildId = a.Required("child"), ContactId = a.Required("contact") }, headers),
        "open" => await client.ListOpenEnquiriesAsync(new ListOpenEnquiriesRequest { Borough = a.FirstWord("borough: phub mash open E09000033") }, headers),
        "consent" => await client.RecordConsentAsync(new RecordConsentRequest
        {
            ChildId = a.Required("child"),
            Purpose = a.Choice<AccessPurpose>("purpose"),
            Recipient = a.Required("recipient"),
            State = a.Choice<ConsentState>("state"),
            Notes = a.Option("notes", string.Empty)!,
        }, headers),
        "share-without-consent" => await client.RecordSharingWithoutConsentAsync(new RecordSharingWithoutConsentRequest
        {
            ChildId = a.Required("child"),
            Purpose = a.Choice<AccessPurpose>("purpose"),
            Agency = a.Option("agency", string.Empty)!,
            Basis = a.Choice<LawfulBasis>("basis"),
            Reason = a.Required("reason"),
        }, headers),
        "view" => await client.GetMultiAgencyViewAsync(new GetMultiAgencyViewRequest
        {
            ChildId = a.FirstWord("child: phub mash view CHILD_ID"),
            Purpose = a.Choice<AccessPurpose>("purpose"),
            CaseReference = a.Required("case-reference"),
        }, headers),
        _ => throw new UsageException($"Unknown mash command '{verb}'."),
    };

    /// <summary>Runs <c>phub audit VERB</c>.</summary>
    public static async Task<IMessage> Audit(AuditService.AuditServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "access" => await client.ListChildAccessAsync(new ListChildAccessRequest { ChildId = a.FirstWord("child: phub audit access CHILD_ID") }, headers),
        "verify" => await client.VerifyChildChainAsync(new VerifyChildChainRequest { ChildId = a.FirstWord("child: phub audit verify CHILD_ID") }, headers),
        _ => throw new UsageException($"Unknown audit command '{verb}'."),
    };

    /// <summary>Runs <c>phub admin check [--repair]</c>.</summary>
    public static async Task<IMessage> Admin(AdminService.AdminServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "check" => await client.CheckDerivedStructuresAsync(new CheckDerivedStructuresRequest { Repair = a.Flag("repair") }, headers),
        _ => throw new UsageException($"Unknown admin command '{verb}'."),
    };

    /// <summary>Runs <c>phub agreements list</c> and <c>phub agreements save</c>.</summary>
    public static async Task<IMessage> Agreements(PartnershipService.PartnershipServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "list" => await client.ListAgreementsAsync(new ListAgreementsRequest(), headers),
        "save" => await client.SaveAgreementAsync(new SaveAgreementRequest
        {
            Agreement = new Agreement
            {
                Id = a.Required("id"),
                Name = a.Required("name"),
                Service = a.Choice<SharedService>("service"),
                Members = { a.All("member") },
                From = a.Required("from"),
                To = a.Option("to", string.Empty)!,
            },
        }, headers),
        _ => throw new UsageException($"Unknown agreements command '{verb}'."),
    };

    private static RecordContactRequest Contact(Arguments a)
    {
        var child = ChildCommands.Registration(a, requireNames: false);
        return new RecordContactRequest
        {
            Borough = a.Required("borough"),
            ReceivedAt = Timestamp.FromDateTimeOffset(a.Option("received") is { } received
                ? DateTimeOffset.Parse(received, System.Globalization.CultureInfo.InvariantCulture)
                : DateTimeOffset.UtcNow),
            ReferralSource = a.Required("source"),
            Concerns = a.Required("concerns"),
            Child = new ContactChild { Identifiers = child.Identifiers, GivenName = child.GivenName, FamilyName = child.FamilyName, BirthDate = child.BirthDate },
        };
    }

    private static AnswerInformationRequestRequest Answer(Arguments a)
    {
        var request = new AnswerInformationRequestRequest
        {
            ChildId = a.Required("child"),
            RequestId = a.Required("request"),
            NothingKnown = a.Option("nothing-known") == "yes",
            FreeText = a.Option("text", string.Empty)!,
            Classification = a.Option("classification", "official-sensitive")!,
            Basis = a.Choice<LawfulBasis>("basis"),
        };
        foreach (var field in a.All("field"))
        {
            var parts = field.Split('=', 2);
            request.Fields.Add(parts.Length == 2
                ? new AnswerField { Name = parts[0], Value = parts[1] }
                : throw new UsageException("--field takes NAME=VALUE, e.g. known_to_police=yes."));
        }

        return request;
    }
}
