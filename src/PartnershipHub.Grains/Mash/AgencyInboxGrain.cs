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
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task Remove(string requestId)
    {
        if (state.State.Open.Remove(requestId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AgencyRequestSummary>> Open() =>
        Task.FromResult<IReadOnlyList<AgencyRequestSummary>>([.. state.State.Open.Values.OrderBy(r => r.SentAt)]);
}
