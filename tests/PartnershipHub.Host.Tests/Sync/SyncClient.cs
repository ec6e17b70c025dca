using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Host.Tests.Children;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>What a borough's sync service does in these tests: registers children with case ids and pushes referrals about them.</summary>
public static class SyncClient
{
    /// <summary>Registers a Westminster child with a fresh case id and returns the case id and the hub's child id.</summary>
    public static async Task<(string CaseId, string ChildId)> RegisterChild(ChildrenService.ChildrenServiceClient children, Metadata sync)
    {
        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        var request = ChildRequests.Child();
        request.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = ChildRequests.Westminster, CaseId = caseId });
        return (caseId, (await children.RegisterChildAsync(request, sync)).Child.ChildId);
    }

    /// <summary>A child's details as the borough's case system holds them, with a fresh NHS number.</summary>
    public static ChangeRecord ChildDetails(string caseId, string version, string givenName) => new()
    {
        SourceId = "PERSON-" + caseId,
        Version = version,
        ChildCaseId = caseId,
        Child = new ChildDetails
        {
            GivenName = givenName,
            FamilyName = "Example",
            BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2014-09-30" },
            NhsNumber = ChildRequests.UniqueNhsNumber(),
        },
    };

    /// <summary>A referral of the child on the <paramref name="n"/>-th day of 2020, as the borough's record <c>REF-n</c>.</summary>
    public static ChangeRecord Referral(string caseId, int n, string version = "v1", string source = "6") => new()
    {
        SourceId = $"REF-{caseId}-{n}",
        Version = version,
        Kind = CareRecordKind.Referral,
        ChildCaseId = caseId,
        CareRecord = new CareRecordBody { Referral = new Referral { ReferralDate = new DateOnly(2020, 1, 1).AddDays(n).ToString("yyyy-MM-dd"), Source = source } },
    };

    /// <summary>Sends the batches on one stream, reading each answer before sending the next, and returns the answers.</summary>
    public static async Task<List<PushResponse>> Push(SyncService.SyncServiceClient sync, Metadata headers, IEnumerable<IEnumerable<ChangeRecord>> batches)
    {
        using var call = sync.Push(headers);
        var answers = new List<PushResponse>();
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(new PushRequest { Records = { batch } });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            answers.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        return answers;
    }
}
