using Grpc.Core;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>
/// A borough's sync service drops its stream, as networks and restarts do every day. The hub notes it as
/// information: no error, no stack trace to bury real failures (or to be provoked in bulk by anyone with a token).
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class ClientDisconnectTests(HubFixture fixture)
{
    [Fact]
    public async Task Sync_streams_cancelled_mid_batch_and_while_idle_are_logged_as_information_without_a_stack_trace()
    {
        var sync = new SyncService.SyncServiceClient(fixture.Hub.Channel());
        var headers = fixture.Hub.As(SyncRequests.Westminster, "borough-sync", "westminster-sync");
        var printedBefore = fixture.Hub.Output.Length;

        using (var midBatch = new CancellationTokenSource())
        {
            using var push = sync.Push(headers, cancellationToken: midBatch.Token);
            await push.RequestStream.WriteAsync(SyncRequests.Children(1));
            Assert.True(await push.ResponseStream.MoveNext(CancellationToken.None));
            await push.RequestStream.WriteAsync(SyncRequests.Children(200));
            midBatch.Cancel();
        }

        using (var idle = new CancellationTokenSource())
        {
            using var push = sync.Push(headers, cancellationToken: idle.Token);
            await push.RequestStream.WriteAsync(SyncRequests.Children(1));
            Assert.True(await push.ResponseStream.MoveNext(CancellationToken.None));
            idle.Cancel();
        }

        using (var idle = new CancellationTokenSource())
        {
            using var watch = sync.Watch(new WatchRequest(), headers, cancellationToken: idle.Token);
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            idle.Cancel();
        }

        var logged = await OutputOnceSettled(printedBefore, disconnects: 2);
        Assert.DoesNotContain("fail:", logged);
        Assert.DoesNotContain("crit:", logged);
        Assert.DoesNotContain("   at ", logged);
    }

    /// <summary>What the hub printed since <paramref name="from"/>, once it has noted the disconnects (or after 30 seconds).</summary>
    private async Task<string> OutputOnceSettled(int from, int disconnects)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string logged;
        do
        {
            await Task.Delay(500);
            logged = fixture.Hub.Output[from..];
        }
        while (CountOf(logged, "closed the stream or cancelled the call") < disconnects && DateTime.UtcNow < deadline);

        Assert.True(CountOf(logged, "closed the stream or cancelled the call") >= disconnects, $"The hub did not note {disconnects} disconnects as information. It said:\n{logged}");
        return logged;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
