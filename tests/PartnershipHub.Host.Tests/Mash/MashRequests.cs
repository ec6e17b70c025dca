using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;

namespace PartnershipHub.Host.Tests.Mash;

/// <summary>Valid MASH requests about made-up children.</summary>
public static class MashRequests
{
    /// <summary>A contact received an hour ago from a school, about a new child with a fresh NHS number.</summary>
    public static RecordContactRequest Contact(string borough) => new()
    {
        Borough = borough,
        ReceivedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        ReferralSource = "2A",
        Concerns = "Child arrived at school hungry and with a bruise",
        Child = new ContactChild
        {
            Identifiers = new ChildIdentifiers { NhsNumber = ChildRequests.UniqueNhsNumber() },
            GivenName = "Testchild",
            FamilyName = "Example",
            BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2017-02-03" },
        },
    };

    /// <summary>An answer with one structured item and free text.</summary>
    public static AnswerInformationRequestRequest Answer(string childId, string requestId, string freeText) => new()
    {
        ChildId = childId,
        RequestId = requestId,
        Fields = { new AnswerField { Name = "known_to_agency", Value = "yes" } },
        FreeText = freeText,
        Classification = "official-sensitive",
        Basis = LawfulBasis.PublicTask,
    };

    /// <summary>A request for the child's view for a MASH enquiry.</summary>
    public static GetMultiAgencyViewRequest View(string childId) => new()
    {
        ChildId = childId,
        Purpose = AccessPurpose.MashEnquiry,
        CaseReference = "MASH-2026-001",
    };

    /// <summary>A strategy discussion decision made at <paramref name="decidedAt"/>.</summary>
    public static RecordDecisionRequest Decision(string childId, string contactId, DateTimeOffset decidedAt) => new()
    {
        ChildId = childId,
        ContactId = contactId,
        Decision = MashDecision.StrategyDiscussion,
        Rationale = "Reasonable cause to suspect significant harm",
        DecidedAt = Timestamp.FromDateTimeOffset(decidedAt),
    };
}
