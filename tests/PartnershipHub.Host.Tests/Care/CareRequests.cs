using PartnershipHub.Contracts.Common.V1;

using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Host.Tests.Care;

/// <summary>Care record requests about made-up children.</summary>
public static class CareRequests
{
    /// <summary>Enters a new record.</summary>
    public static SaveRecordRequest New(string childId, CareRecordBody record, string reason = "") =>
        new() { ChildId = childId, Record = record, Reason = reason };

    /// <summary>Corrects record <paramref name="entry"/> at its version.</summary>
    public static SaveRecordRequest Correct(string childId, CareRecordEntry entry, CareRecordBody record, string reason) =>
        new() { ChildId = childId, RecordId = entry.RecordId, ExpectedVersion = entry.Version, Record = record, Reason = reason };

    /// <summary>The child's care record read for case management.</summary>
    public static GetCareRecordRequest Read(string childId) =>
        new() { ChildId = childId, Purpose = AccessPurpose.CaseManagement, CaseReference = "CASE-001" };

    /// <summary>An episode of care in foster care with the borough's own carers, in W6.</summary>
    public static CareEpisode Episode(string start, string reason = "S", string legalStatus = "C1", string placement = "U3") => new()
    {
        StartDate = start,
        ReasonForNewEpisode = reason,
        LegalStatus = legalStatus,
        PlacementType = placement,
        Provider = "PR1",
        PostcodeDistrict = "W6",
    };
}
