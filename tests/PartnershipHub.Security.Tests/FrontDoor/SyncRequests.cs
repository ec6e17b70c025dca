using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>What a borough's sync service sends in these scenarios.</summary>
public static class SyncRequests
{
    /// <summary>Westminster.</summary>
    public const string Westminster = "E09000033";

    /// <summary>A batch of <paramref name="count"/> made-up children's details under fresh case ids.</summary>
    public static PushRequest Children(int count)
    {
        var batch = new PushRequest();
        for (var i = 0; i < count; i++)
        {
            var caseId = "SEC-" + Guid.NewGuid().ToString("N")[..12];
            batch.Records.Add(new ChangeRecord
            {
                SourceId = "PERSON-" + caseId,
                Version = "1",
                ChildCaseId = caseId,
                Child = new ChildDetails
                {
                    GivenName = "Frontdoor",
                    FamilyName = "Example",
                    BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2016-05-04" },
                },
            });
        }

        return batch;
    }
}
