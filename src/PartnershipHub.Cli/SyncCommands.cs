using Google.Protobuf;
using Grpc.Core;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Cli;

/// <summary>The sync commands: following the changes a borough's sync service may see.</summary>
public static class SyncCommands
{
    /// <summary>
    /// Runs <c>phub sync watch</c>: prints each event as one line of JSON until Ctrl+C. The watermark of the last line
    /// printed is where to resume with <c>--watermark</c>.
    /// </summary>
    public static async Task<int> Watch(SyncService.SyncServiceClient client, Arguments a, Metadata headers)
    {
        var request = new WatchRequest
        {
            Watermark = a.Option("watermark", string.Empty)!,
            FromOldest = a.Option("from-oldest", "no") == "yes",
            BookmarkIntervalSeconds = a.Option("bookmark-seconds") is null ? 0 : a.Number("bookmark-seconds"),
        };
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        using var call = client.Watch(request, headers, cancellationToken: stop.Token);
        try
        {
            await foreach (var watchEvent in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                Console.WriteLine(JsonFormatter.Default.Format(watchEvent));
            }
        }
        catch (Exception ex) when (stop.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Stopped by the user: the last watermark printed is where to resume.
        }

        return 0;
    }
}
