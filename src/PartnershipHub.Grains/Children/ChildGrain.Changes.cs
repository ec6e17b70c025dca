using PartnershipHub.Abstractions.Care;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Sync;

namespace PartnershipHub.Grains.Children;

/// <summary>
/// A part of a child's stored state that carries the changes it made, not yet handed to the borough's change feed
/// (an outbox): they are stored in the same write as the change itself.
/// </summary>
public interface IChangeOutbox
{
    /// <summary>Changes stored and perhaps not yet handed over, oldest first.</summary>
    List<ChildChange> Outbox { get; set; }

    /// <summary>The sequence of the last change this part recorded.</summary>
    long LastChange { get; set; }
}

/// <summary>
/// How a child's changes reach the responsible borough's change feed: the feed is told to expect the child, the
/// change is stored together with its outbox entry, then the outbox is handed over. If the hand-over fails it is
/// tried again on a timer, on the child's next activation, or when the feed asks; the feed keeps each change once.
/// </summary>
public sealed partial class ChildGrain : IChildChangesGrain
{
    private static readonly TimeSpan HandOverRetry = TimeSpan.FromSeconds(5);
    private IGrainTimer? handOverTimer;

    /// <inheritdoc />
    public Task HandOverChanges() => HandOver();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Outbox.Count + care.State.Outbox.Count > 0)
        {
            RetryHandOver(TimeSpan.Zero);
        }

        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>A change to a care record: the entry with only the revision just made.</summary>
    private ChildChange CareChanged(CareRecordEntry entry) =>
        new(this.GetPrimaryKeyString(), ChangeStream.Care, 0, clock.GetUtcNow(), entry with { Revisions = [entry.Latest] }, null, state.State.Child!.Details.BoroughCaseIds);

    /// <summary>A change to the child's details: the record as it now stands.</summary>
    private ChildChange DetailsChanged(ChildRecord child) =>
        new(this.GetPrimaryKeyString(), ChangeStream.Details, 0, clock.GetUtcNow(), null, child, child.Details.BoroughCaseIds);

    /// <summary>
    /// Stores one part of the child's state together with the changes it makes, then hands them to the feed. If
    /// the write fails, the outbox is put back and <paramref name="undo"/> restores the rest of the part.
    /// </summary>
    private async Task StoreWithChanges<TState>(IPersistentState<TState> part, IEnumerable<ChildChange> changes, Action undo)
        where TState : IChangeOutbox
    {
        var outbox = part.State;
        var (count, last) = (outbox.Outbox.Count, outbox.LastChange);
        try
        {
            await Feed().Expect(this.GetPrimaryKeyString());
            foreach (var change in changes)
            {
                outbox.Outbox.Add(change with { Sequence = ++outbox.LastChange });
            }

            await part.WriteStateAsync();
        }
        catch
        {
            outbox.Outbox.RemoveRange(count, outbox.Outbox.Count - count);
            outbox.LastChange = last;
            undo();
            throw;
        }

        await HandOver();
    }

    /// <summary>
    /// Hands every change in the outboxes to the feed (an empty list too: it tells the feed the child has nothing
    /// more). The outboxes are emptied in memory only; the next write stores them empty, and a change handed over
    /// again after a restart is one the feed already holds.
    /// </summary>
    private async Task HandOver()
    {
        if (state.State.Child is null)
        {
            return;
        }

        var details = state.State.Outbox.Count;
        var records = care.State.Outbox.Count;
        try
        {
            await Feed().Append(this.GetPrimaryKeyString(), [.. state.State.Outbox.Concat(care.State.Outbox).OrderBy(c => c.At)]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The changes are stored; they reach the feed on the next try.
            RetryHandOver(HandOverRetry);
            return;
        }

        state.State.Outbox.RemoveRange(0, details);
        care.State.Outbox.RemoveRange(0, records);
        handOverTimer?.Dispose();
        handOverTimer = null;
    }

    private void RetryHandOver(TimeSpan dueTime) =>
        handOverTimer ??= this.RegisterGrainTimer(_ => HandOver(), new GrainTimerCreationOptions(dueTime, HandOverRetry));

    private IChangeFeedGrain Feed() => GrainFactory.GetGrain<IChangeFeedGrain>(state.State.Child!.Details.ResponsibleBorough);
}
