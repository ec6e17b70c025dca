using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Mash;

namespace PartnershipHub.Grains.Mash;

/// <summary>The persisted state of an agency's inbox.</summary>
public sealed class AgencyInboxState
{
    /// <summary>Unanswered requests by request id.</summary>
    public Dictionary<string, AgencyRequestSummary> Open { get; set; } = [];
}

/// <summary>A partner agency's unanswered information requests.</summary>
public sealed class AgencyInboxGrain(
    [PersistentState("agency-inbox", StorageNames.Hub)] IPersistentState<AgencyInboxState> state) : Grain, IAgencyInboxGrain
{
    /// <inheritdoc />
    public async Task Add(AgencyRequestSummary request)
    {
        if (state.State.Open.TryAdd(request.RequestId, request))
        {
            await WriteOrForget(() => state.State.Open.Remove(request.RequestId));
        }
    }

    /// <inheritdoc />
    public async Task Remove(string requestId)
    {
        if (state.State.Open.Remove(requestId, out var request))
        {
            await WriteOrForget(() => state.State.Open[requestId] = request);
        }
    }

    /// <summary>Stores the inbox; a write that fails is undone in memory too, so the child's next delivery stores it.</summary>
    private async Task WriteOrForget(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AgencyRequestSummary>> Open() =>
        Task.FromResult<IReadOnlyList<AgencyRequestSummary>>([.. state.State.Open.Values.OrderBy(r => r.SentAt)]);
}
