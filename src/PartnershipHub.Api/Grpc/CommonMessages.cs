using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Domain.Access;
using V1 = PartnershipHub.Contracts.Common.V1;

namespace PartnershipHub.Api.Grpc;

/// <summary>Messages of <c>partnershiphub.common.v1</c>, which every area's contract uses.</summary>
public static class CommonMessages
{
    /// <summary>Who did something and when.</summary>
    public static V1.RecordedBy ToMessage(RecordedBy by) => new()
    {
        Organisation = by.Organisation,
        Role = by.Role,
        UserId = by.UserId,
        At = Timestamp.FromDateTimeOffset(by.At),
    };
}
