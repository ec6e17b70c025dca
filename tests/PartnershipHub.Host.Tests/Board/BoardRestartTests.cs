using PartnershipHub.Contracts.Board.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Board;

/// <summary>The board's trackers are kept in the table store and read back after a restart.</summary>
public sealed class BoardRestartTests : IAsyncLifetime
{
    private readonly AzuriteServer storage = new();

    public Task InitializeAsync() => storage.InitializeAsync();

    public Task DisposeAsync() => storage.DisposeAsync();

    [Fact]
    public async Task Actions_with_their_evidence_and_meetings_with_their_attendance_are_read_back_after_the_hub_restarts()
    {
        var dataFolder = Path.Combine(storage.DataFolder, "hub");
        var agency = BoardScenario.NewAgency();
        Item before;
        ListMeetingsResponse meetingsBefore;
        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            var board = new BoardService.BoardServiceClient(hub.Channel());
            var analyst = hub.As(ChildRequests.Westminster, "partnership-analyst");
            var item = (await board.CreateItemAsync(BoardScenario.Action(agency, SharedServices.Day(-2), "Kept across restarts"), analyst)).Item;
            before = (await board.AddNoteAsync(new AddNoteRequest
            {
                ItemId = item.ItemId,
                ExpectedVersion = 1,
                Kind = NoteKind.Evidence,
                Text = "Minutes of the training day",
            }, hub.As(agency, "agency-responder"))).Item;
            await BoardScenario.Meeting(board, analyst, SharedServices.Day(-7), [agency, ChildRequests.Westminster], (agency, AttendanceStatus.SentDeputy));
            meetingsBefore = await board.ListMeetingsAsync(new ListMeetingsRequest { Board = BoardScenario.Board }, analyst);
            await hub.StopAsync();
        }

        await using (var hub = new HubProcess(storage.ConnectionString, dataFolder))
        {
            await hub.StartAsync();
            var board = new BoardService.BoardServiceClient(hub.Channel());
            var analyst = hub.As(ChildRequests.Westminster, "partnership-analyst");
            Assert.Equal(before, (await board.GetItemAsync(new GetItemRequest { ItemId = before.ItemId }, analyst)).Item);
            Assert.Equal(meetingsBefore, await board.ListMeetingsAsync(new ListMeetingsRequest { Board = BoardScenario.Board }, analyst));
            var overdue = await board.ListOverdueItemsAsync(new ListOverdueItemsRequest { Board = BoardScenario.Board, AssignedTo = agency }, analyst);
            Assert.Equal([(before.ItemId, 2)], overdue.Items.Select(o => (o.Item.ItemId, o.DaysOverdue)));
        }
    }
}
