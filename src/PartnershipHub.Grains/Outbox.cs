using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains;

/// <summary>The stored part of a grain's outbox: the follow-ups not known to be delivered, and the last delivery id.</summary>
public interface IFollowUpState
{
    /// <summary>What must follow the stored changes and is not known to have been delivered, oldest first.</summary>
    List<FollowUp> FollowUps { get; }

    /// <summary>The delivery id of the last follow-up made; ids only grow, so every target can tell a repeat.</summary>
    long LastFollowUp { get; set; }
}

/// <summary>
/// The outbox of a grain whose stored state holds its follow-ups (a child, a foster household, an adopter household, a
/// borough's private fostering register): each follow-up is stored in the same write as the change it follows, then
/// delivered at least once, each kind to its target at once. A kind that fails stays and is tried again on a timer,
/// on the grain's next activation, and with its next change; the follow-ups delivered leave the row with the next
/// write, or when the grain deactivates. Each target applies a follow-up so that a repeat changes nothing.
/// </summary>
/// <typeparam name="TState">The grain's stored state.</typeparam>
/// <param name="grain">The grain whose outbox this is.</param>
/// <param name="state">Its stored state.</param>
/// <param name="deliverKind">Delivers follow-ups of one kind, oldest first.</param>
/// <param name="logger">Where undelivered follow-ups are logged (ids and counts only).</param>
public sealed class Outbox<TState>(IGrainBase grain, IPersistentState<TState> state, Func<IReadOnlyList<FollowUp>, Task> deliverKind, ILogger logger)
    where TState : IFollowUpState
{
    private static readonly TimeSpan DeliveryRetry = TimeSpan.FromSeconds(5);
    private IGrainTimer? deliveryTimer;

    /// <summary>How many follow-ups the stored row holds, so deactivation can store a row emptied since.</summary>
    private int storedFollowUps;

    /// <summary>The follow-ups made by this activation and not yet tried: none can have reached its target.</summary>
    private readonly HashSet<FollowUp> neverSent = [];

    /// <summary>How many follow-ups are not known to have been delivered.</summary>
    public int Count => state.State.FollowUps.Count;

    /// <summary>Adds a follow-up with the next delivery id (stored with the next write).</summary>
    public void Follow(Func<long, FollowUp> make)
    {
        var followUp = make(++state.State.LastFollowUp);
        state.State.FollowUps.Add(followUp);
        neverSent.Add(followUp);
    }

    /// <summary>
    /// Whether <paramref name="followUp"/> is going out for the first time (asked while it is delivered): made by this
    /// activation and not tried before. One read from the row, or tried before, may have reached its target already.
    /// </summary>
    public bool FirstSend(FollowUp followUp) => neverSent.Contains(followUp);

    /// <summary>Where the outbox stands before a change adds to it, so a change not stored can take its follow-ups back.</summary>
    public OutboxMark Mark() => new(state.State.LastFollowUp);

    /// <summary>
    /// Takes back the follow-ups added since <paramref name="mark"/> (their change was not stored). By their ids, not
    /// their place: a delivery interleaved with the write may have taken older ones off the list meanwhile.
    /// </summary>
    public void TakeBack(OutboxMark mark)
    {
        neverSent.RemoveWhere(f => f.Id > mark.LastFollowUp);
        state.State.FollowUps.RemoveAll(f => f.Id > mark.LastFollowUp);
        state.State.LastFollowUp = mark.LastFollowUp;
    }

    /// <summary>Says the row was written with the follow-ups as they are in memory.</summary>
    public void Stored() => storedFollowUps = state.State.FollowUps.Count;

    /// <summary>
    /// Stores the state as it is in memory with <paramref name="followUps"/> in one write, then delivers them. If the
    /// write fails nothing of it stays in memory: the follow-ups are taken back and <paramref name="undo"/> restores the rest.
    /// </summary>
    public async Task Store(IEnumerable<Func<long, FollowUp>> followUps, Action undo)
    {
        await Write(followUps, undo);
        await Deliver();
    }

    /// <summary>
    /// Stores as <see cref="Store"/> does but leaves delivery to the caller (<see cref="Deliver"/>) or the timer: for a
    /// grain that delivers only once it has let go of what a call interleaved with it waits for (see
    /// <c>PrivateFosteringRegisterGrain</c>).
    /// </summary>
    public async Task Write(IEnumerable<Func<long, FollowUp>> followUps, Action undo)
    {
        var mark = Mark();
        try
        {
            foreach (var make in followUps)
            {
                Follow(make);
            }

            await state.WriteStateAsync();
            Stored();
        }
        catch
        {
            TakeBack(mark);
            undo();
            throw;
        }

        if (state.State.FollowUps.Count > 0)
        {
            RetryDelivery(DeliveryRetry);
        }
    }

    /// <summary>On activation: what the row holds goes at once.</summary>
    public void Activated()
    {
        storedFollowUps = state.State.FollowUps.Count;
        if (storedFollowUps > 0)
        {
            RetryDelivery(TimeSpan.Zero);
        }
    }

    /// <summary>On deactivation: stores a row emptied of what was delivered, so the next activation does not send it again.</summary>
    public async Task Deactivating(CancellationToken cancellationToken)
    {
        if (state.State.FollowUps.Count < storedFollowUps)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogInformation("{Owner}: delivered follow-ups stay in its row until its next write ({ExceptionType})", grain.GrainContext.GrainId, e.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Delivers the stored follow-ups, each kind to its target at once; those delivered leave the list in memory,
    /// the rest go again on the timer. Never throws: the follow-ups are stored, so a failure only delays them.
    /// </summary>
    public async Task Deliver()
    {
        if (state.State.FollowUps.Count == 0)
        {
            return;
        }

        var delivered = await Task.WhenAll(state.State.FollowUps.GroupBy(f => f.Kind).Select(async kind =>
        {
            var followUps = kind.ToList();
            try
            {
                await deliverKind(followUps);
                return followUps;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("{Owner}: {Count} follow-ups ({Kind}) not delivered ({ExceptionType}); they go again", grain.GrainContext.GrainId, followUps.Count, kind.Key.Name, e.GetType().Name);
                return [];
            }
            finally
            {
                neverSent.ExceptWith(followUps);
            }
        }));

        var done = delivered.SelectMany(d => d).ToHashSet();
        state.State.FollowUps.RemoveAll(done.Contains);
        if (state.State.FollowUps.Count > 0)
        {
            RetryDelivery(DeliveryRetry);
        }
        else
        {
            deliveryTimer?.Dispose();
            deliveryTimer = null;
        }
    }

    private void RetryDelivery(TimeSpan dueTime) =>
        deliveryTimer ??= grain.RegisterGrainTimer(_ => Deliver(), new GrainTimerCreationOptions(dueTime, DeliveryRetry));
}

/// <summary>
/// A grain whose stored state holds its outbox (a foster household, an adopter, a private fostering register): the
/// outbox is delivered on activation, emptied of what was delivered on deactivation, and on demand.
/// </summary>
/// <typeparam name="TState">The grain's stored state.</typeparam>
/// <param name="state">Its stored state.</param>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state) : Grain
    where TState : IFollowUpState
{
    private Outbox<TState>? outbox;

    /// <summary>The grain's stored state, with its outbox.</summary>
    protected IPersistentState<TState> State => state;

    /// <summary>The grain's outbox, over its stored state.</summary>
    protected Outbox<TState> Outbox => outbox ??= new(this, state, DeliverKind, ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType()));

    /// <summary>Delivers what the outbox holds now; answers how many follow-ups are still not delivered.</summary>
    public async Task<int> DeliverFollowUps()
    {
        await Outbox.Deliver();
        return Outbox.Count;
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Activated();
        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Outbox.Deactivating(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Delivers follow-ups of one kind, oldest first; a repeat of one delivered before must change nothing.</summary>
    protected abstract Task DeliverKind(IReadOnlyList<FollowUp> followUps);
}

/// <summary>Where an outbox stood before a change added to it.</summary>
/// <param name="LastFollowUp">The last delivery id made.</param>
public readonly record struct OutboxMark(long LastFollowUp);
