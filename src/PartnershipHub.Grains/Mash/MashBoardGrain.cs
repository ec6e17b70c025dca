using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Mash;

namespace PartnershipHub.Grains.Mash;

/// <summary>The persisted state of a borough's MASH board.</summary>
public sealed class MashBoardState
{
    /// <summary>Open enquiries by contact id.</summary>
    public Dictionary<string, EnquirySummary> Open { get; set; } = [];
}

/// <summary>One shard of a borough's open MASH enquiries: ids, ratings and request progress, never child-level content.</summary>
public sealed class MashBoardGrain(
    [PersistentState("mash-board", StorageNames.Hub)] IPersistentState<MashBoardState> state) : Grain, IMashBoardGrain
{
    /// <inheritdoc />
    public async Task Track(EnquirySummary enquiry, bool open)
    {
        var changed = open
            ? !state.State.Open.TryGetValue(enquiry.ContactId, out var known) || !SameProgress(known, enquiry)
            : state.State.Open.ContainsKey(enquiry.ContactId);
        if (!changed)
        {
            return;
        }

        var before = state.State.Open.GetValueOrDefault(enquiry.ContactId);
        if (open)
        {
            state.State.Open[enquiry.ContactId] = enquiry;
        }
        else
        {
            state.State.Open.Remove(enquiry.ContactId);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: memory goes back too, so the child's next delivery stores it.
            if (before is null)
            {
                state.State.Open.Remove(enquiry.ContactId);
            }
            else
            {
                state.State.Open[enquiry.ContactId] = before;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<EnquirySummary>> OpenEnquiries() =>
        Task.FromResult<IReadOnlyList<EnquirySummary>>([.. state.State.Open.Values.OrderBy(e => e.ReceivedAt)]);

    private static bool SameProgress(EnquirySummary a, EnquirySummary b) =>
        a.Rating == b.Rating && a.Requests.SequenceEqual(b.Requests);
}
