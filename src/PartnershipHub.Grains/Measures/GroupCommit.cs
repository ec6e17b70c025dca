namespace PartnershipHub.Grains.Measures;

/// <summary>
/// Stores a reentrant grain's state for many callers at once. Each caller changes the state in memory and then waits
/// for <see cref="Next"/>: it completes when a store that began after the change has succeeded, so a caller told
/// "done" is never lost, and one store serves every change that arrived while the one before was under way.
/// </summary>
/// <param name="store">Stores the state as it is in memory now.</param>
/// <param name="failed">
/// Called when a store fails: memory may now hold changes storage does not, so the grain should start again from
/// storage (the callers hear of the failure and send their changes again).
/// </param>
internal sealed class GroupCommit(Func<Task> store, Action failed)
{
    private TaskCompletionSource? next;
    private bool storing;

    /// <summary>Completes when the next store, which holds every change made before this call, has succeeded.</summary>
    public Task Next()
    {
        var batch = next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!storing)
        {
            _ = StoreWhileChanged();
        }

        return batch.Task;
    }

    private async Task StoreWhileChanged()
    {
        storing = true;
        try
        {
            while (next is { } batch)
            {
                next = null;
                try
                {
                    await store();
                    batch.SetResult();
                }
                catch (Exception e)
                {
                    batch.SetException(e);
                    next?.SetException(e);
                    next = null;
                    failed();
                    return;
                }
            }
        }
        finally
        {
            storing = false;
        }
    }
}
