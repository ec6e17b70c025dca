using PartnershipHub.Abstractions.Audit;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Api.Care;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Api.Sync;

/// <summary>
/// The watch side of case-system sync: follows the change feeds of the caller's borough and of the boroughs it
/// shares fostering or adoption with, delivers each change the access policy lets it see (recording the delivery in
/// the child's audit trail first), and sends bookmarks while nothing changes.
/// </summary>
public sealed partial class SyncGrpcService
{
    /// <summary>The most changes read from one feed at a time.</summary>
    private const int WatchPage = 200;

    /// <summary>How long a watch waits before looking at the feeds again when they had nothing new.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public override async Task Watch(V1.WatchRequest request, IServerStreamWriter<V1.WatchEvent> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var access = AccessPolicy.CanSyncCaseSystem(caller);
        if (!access.Allowed)
        {
            await audit.Record(AuditSubjects.Organisation(caller.Organisation), "sync.watch", caller, AccessPurpose.CaseSync.Name(), null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var bookmarkInterval = CheckWatchRequest(request, out var resumeFrom);
        var agreements = await Agreements();
        var watermark = await Start(AccessPolicy.WatchedBoroughs(caller, agreements), resumeFrom, request.FromOldest);
        var lastSent = clock.GetUtcNow();

        // The watch is accepted: say so now, rather than with the first change or bookmark.
        await context.WriteResponseHeadersAsync([]);
        if (resumeFrom is null)
        {
            await SendBookmark(responseStream, watermark, context.CancellationToken);
        }

        while (!context.CancellationToken.IsCancellationRequested)
        {
            var (read, sent) = (false, false);
            foreach (var borough in watermark.Boroughs.ToList())
            {
                var page = await NextPage(borough, watermark[borough]);
                if (page.Count == 0)
                {
                    continue;
                }

                read = true;
                agreements = await Agreements();
                sent |= await Deliver(page, borough, watermark, caller, agreements, responseStream, context.CancellationToken);
            }

            if (sent)
            {
                lastSent = clock.GetUtcNow();
            }
            else if (clock.GetUtcNow() - lastSent >= bookmarkInterval)
            {
                await SendBookmark(responseStream, watermark, context.CancellationToken);
                lastSent = clock.GetUtcNow();
            }

            if (!read && !await Idle(context.CancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Waits a little before looking at the feeds again; false once the watcher has gone.</summary>
    private async Task<bool> Idle(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(IdleWait, clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Checks the request; returns the bookmark interval and the watermark to resume from (null: none given).</summary>
    private static TimeSpan CheckWatchRequest(V1.WatchRequest request, out Watermark? resumeFrom)
    {
        var violations = new Violations();
        resumeFrom = null;
        if (request.Watermark.Length > 0)
        {
            if (Watermark.TryParse(request.Watermark, out var parsed))
            {
                resumeFrom = parsed;
            }
            else
            {
                violations.Add("watermark", "is not a watermark this hub issued: pass the watermark of an event of an earlier watch, or none to start from now.");
            }

            if (request.FromOldest)
            {
                violations.Add("from_oldest", "must be false when a watermark is given.");
            }
        }

        if (request.BookmarkIntervalSeconds is < 0 or > 300)
        {
            violations.Add("bookmark_interval_seconds", "must be 1 to 300 seconds, or 0 for the default of 30.");
        }

        if (!violations.IsEmpty)
        {
            throw RpcErrors.InvalidArgument(violations.Items);
        }

        return TimeSpan.FromSeconds(request.BookmarkIntervalSeconds == 0 ? 30 : request.BookmarkIntervalSeconds);
    }

    /// <summary>
    /// The positions to watch from in each borough's feed: the watermark's where it names the feed (refused when the
    /// feed no longer keeps the changes after it), otherwise the feed's latest change, or its oldest kept one.
    /// </summary>
    private async Task<Watermark> Start(IEnumerable<string> boroughs, Watermark? resumeFrom, bool fromOldest)
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var borough in boroughs)
        {
            var extent = await Feed(borough).Extent();
            if (resumeFrom?.Names(borough) == true)
            {
                positions[borough] = resumeFrom[borough];
                if (!extent.CanResumeAfter(positions[borough]))
                {
                    throw WatermarkTooOld(borough, extent);
                }
            }
            else
            {
                positions[borough] = fromOldest ? extent.Oldest - 1 : extent.Latest;
            }
        }

        return Watermark.At(positions);
    }

    /// <summary>The next changes of a feed after a position, checking none were removed in between.</summary>
    private async Task<IReadOnlyList<FeedEntry>> NextPage(string borough, long position)
    {
        var feed = Feed(borough);
        var extent = await feed.Extent();
        if (extent.Latest <= position)
        {
            return [];
        }

        var page = await feed.ReadAfter(position, WatchPage);
        if (!extent.CanResumeAfter(position) || page.Count == 0 || page[0].Position != position + 1)
        {
            throw WatermarkTooOld(borough, await feed.Extent());
        }

        return page;
    }

    /// <summary>
    /// Sends the changes of a page the caller may see, after recording them in each child's audit trail; moves the
    /// watermark past every change of the page. Returns whether anything was sent.
    /// </summary>
    private async Task<bool> Deliver(
        IReadOnlyList<FeedEntry> page, string borough, Watermark watermark, Caller caller, IReadOnlyList<PartnershipAgreement> agreements,
        IServerStreamWriter<V1.WatchEvent> responseStream, CancellationToken cancellationToken)
    {
        var today = LondonTime.DateOf(clock.GetUtcNow());
        var visible = page
            .Where(entry => AccessPolicy.CanWatchChange(caller, borough, entry.Change.CareRecord?.Kind, agreements, today).Allowed)
            .ToHashSet();
        await Task.WhenAll(visible.GroupBy(entry => entry.Change.ChildId).Select(child => audit.Record(
            AuditSubjects.Child(child.Key), "sync.watch", caller, AccessPurpose.CaseSync.Name(), null, "done",
            $"{child.Count()} change(s) delivered from the change feed of {borough} (positions {string.Join(' ', child.Select(e => e.Position))})")));

        foreach (var entry in page)
        {
            watermark[borough] = entry.Position;
            if (visible.Contains(entry))
            {
                var message = new V1.WatchEvent { Watermark = watermark.ToString(), Change = ToMessage(entry.Change, borough, caller.Organisation) };
                await responseStream.WriteAsync(message, cancellationToken);
            }
        }

        return visible.Count > 0;
    }

    private static Task SendBookmark(IServerStreamWriter<V1.WatchEvent> responseStream, Watermark watermark, CancellationToken cancellationToken) =>
        responseStream.WriteAsync(new V1.WatchEvent { Watermark = watermark.ToString(), Bookmark = new V1.Bookmark() }, cancellationToken);

    private static RpcException WatermarkTooOld(string borough, FeedExtent extent) => RpcErrors.OutOfRange(
        "watermark",
        $"is older than the oldest change the hub keeps for {borough} (position {extent.Oldest}): list the children again through the query APIs, then watch from now.");

    /// <summary>A change as the watcher receives it; the child's details only ever go to their own borough.</summary>
    private static V1.ChildChange ToMessage(ChildChange change, string borough, string watcher)
    {
        var message = new V1.ChildChange
        {
            ChildId = change.ChildId,
            ChildCaseId = change.CaseIds.FirstOrDefault(c => c.Borough == watcher)?.CaseId ?? string.Empty,
            ResponsibleBorough = borough,
            ChangedAt = Timestamp.FromDateTimeOffset(change.At),
        };
        if (change.CareRecord is { } entry)
        {
            var revision = entry.Latest;
            message.Type = revision.Record is null ? V1.ChangeType.CareRecordWithdrawn : V1.ChangeType.CareRecordSaved;
            message.RecordId = entry.RecordId;
            message.Kind = (Contracts.Care.V1.CareRecordKind)entry.Kind;
            message.Version = revision.Version;
            message.SourceId = entry.Source?.Borough == watcher ? entry.Source.SourceId : string.Empty;
            message.CareRecord = revision.Record is null ? null : CareMessages.ToMessage(revision.Record);
        }
        else if (change.Child is { } child && borough == watcher)
        {
            message.Type = V1.ChangeType.ChildDetails;
            message.Child = ChildRequestMapping.ToMessage(child);
        }

        return message;
    }

    private IChangeFeedGrain Feed(string borough) => grains.GetGrain<IChangeFeedGrain>(borough);

    private Task<IReadOnlyList<PartnershipAgreement>> Agreements() =>
        grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
}
