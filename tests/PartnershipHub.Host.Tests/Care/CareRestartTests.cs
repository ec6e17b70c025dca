using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Care;

/// <summary>Care records, with every version, are kept in the table store and read back after a restart.</summary>
public sealed class CareRestartTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();

    public Task InitializeAsync() => storage.InitializeAsync();

    public Task DisposeAsync() => storage.DisposeAsync();

    [Fact]
    public async Task A_childs_care_records_and_their_history_are_read_back_after_the_hub_restarts()
    {
        var dataFolder = Path.Combine(storage.DataFolder, "hub");
        string childId;
        GetCareRecordResponse before;
        CareRecordEntry historyBefore;
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var care = new CareService.CareServiceClient(channel);
            var worker = hub.As(ChildRequests.Westminster, "social-worker");
            childId = (await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(ChildRequests.Child(), worker)).Child.ChildId;
            var episode = (await care.SaveRecordAsync(CareRequests.New(childId, new() { CareEpisode = CareRequests.Episode("2025-03-10") }), worker)).Record;
            await care.SaveRecordAsync(CareRequests.Correct(childId, episode, new()
            {
                CareEpisode = new CareEpisode(episode.Record.CareEpisode) { EndDate = "2025-08-01", ReasonCeased = "E13" },
            }, "Returned home"), worker);
            await care.SaveRecordAsync(CareRequests.New(childId, new()
            {
                MissingEpisode = new MissingEpisode
                {
                    StartDate = "2025-05-01",
                    EndDate = "2025-05-02",
                    MissingType = "A",
                    Interview = new ReturnInterview { OfferedDate = "2025-05-03", Accepted = true, Places = { "Westfield" }, Associates = { "older boys" } },
                },
            }), worker);
            await care.SaveRecordAsync(CareRequests.New(childId, new()
            {
                CareLeaverStatus = new CareLeaverStatus { StatusDate = "2025-09-01", InTouch = "YES", Activity = "F2", Accommodation = "E", AccommodationSuitable = false },
            }), worker);
            before = await care.GetCareRecordAsync(CareRequests.Read(childId), worker);
            historyBefore = (await care.GetRecordHistoryAsync(new GetRecordHistoryRequest
            {
                ChildId = childId,
                RecordId = episode.RecordId,
                Purpose = AccessPurpose.CaseManagement,
            }, worker)).Record;
            await hub.StopAsync();
        }

        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            using var channel = hub.Channel();
            var care = new CareService.CareServiceClient(channel);
            var worker = hub.As(ChildRequests.Westminster, "social-worker");
            var after = await care.GetCareRecordAsync(CareRequests.Read(childId), worker);
            Assert.Equal(before.Records, after.Records);
            Assert.Equal(before.Summary, after.Summary);
            Assert.False(after.Summary.CareLeaver.AccommodationSuitable);
            Assert.True(after.Summary.CareLeaver.HasAccommodationSuitable);
            var historyAfter = (await care.GetRecordHistoryAsync(new GetRecordHistoryRequest
            {
                ChildId = childId,
                RecordId = historyBefore.RecordId,
                Purpose = AccessPurpose.CaseManagement,
            }, worker)).Record;
            Assert.Equal(historyBefore, historyAfter);
            Assert.Equal(2, historyAfter.Revisions.Count);
        }
    }
}
