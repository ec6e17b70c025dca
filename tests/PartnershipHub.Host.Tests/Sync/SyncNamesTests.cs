using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// A borough's statutory return carries no names: its sync service may register a child without them, the child
/// reads back with names not recorded, and a later details change with names fills them in. A practitioner
/// registering a child must still give both names.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class SyncNamesTests(HubFixture fixture)
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task A_sync_service_registers_a_child_without_names_and_a_later_version_with_names_fills_them_in()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-ssda903");
        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        var nameless = SyncClient.ChildDetails(caseId, "v1", string.Empty);
        nameless.Child.FamilyName = string.Empty;

        var registered = (await SyncClient.Push(sync, headers, [[nameless]])).Single().Outcomes.Single();
        Assert.Equal(ChangeOutcome.Applied, registered.Outcome);
        var read = (await children.GetChildAsync(new GetChildRequest { ChildId = registered.RecordId, Purpose = AccessPurpose.CaseSync }, headers)).Child;
        Assert.True(read.NamesNotRecorded);
        Assert.Equal(string.Empty, read.GivenName);
        Assert.Equal(string.Empty, read.FamilyName);
        Assert.Equal("2014-09-30", read.BirthDate.Date);

        var named = SyncClient.ChildDetails(caseId, "v2", "Robin");
        named.Child.NhsNumber = nameless.Child.NhsNumber;
        var againNameless = nameless.Clone();
        againNameless.Version = "v3";
        var later = (await SyncClient.Push(sync, headers, [[named], [againNameless]])).Select(r => r.Outcomes.Single().Outcome);
        Assert.Equal([ChangeOutcome.Applied, ChangeOutcome.Applied], later);
        read = (await children.GetChildAsync(new GetChildRequest { ChildId = registered.RecordId, Purpose = AccessPurpose.CaseSync }, headers)).Child;
        Assert.False(read.NamesNotRecorded);
        Assert.Equal(("Robin", "Example"), (read.GivenName, read.FamilyName));
    }

    [Fact]
    public async Task A_practitioner_registering_a_child_must_still_give_both_names_and_sync_must_give_both_or_neither()
    {
        using var channel = Hub.Channel();
        var request = ChildRequests.Child(givenName: string.Empty);
        request.FamilyName = string.Empty;
        await RpcAssert.InvalidField("given_name", () =>
            new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(request, Hub.As(ChildRequests.Westminster, "borough-sync")).ResponseAsync);

        var onlyFamilyName = SyncClient.ChildDetails("WCC-" + Guid.NewGuid().ToString("N")[..10], "v1", string.Empty);
        var rejected = (await SyncClient.Push(new SyncService.SyncServiceClient(channel), Hub.As(ChildRequests.Westminster, "borough-sync"), [[onlyFamilyName]]))
            .Single().Outcomes.Single();
        Assert.Equal(ChangeOutcome.Rejected, rejected.Outcome);
        Assert.Equal("child.given_name", rejected.Reasons.Single().Field);
    }
}
