using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Grains.Partnerships;

/// <summary>The persisted state of the partnership agreements.</summary>
public sealed class PartnershipAgreementsState
{
    /// <summary>Every agreement; null until first seeded from the domain's history.</summary>
    public List<PartnershipAgreement>? Agreements { get; set; }
}

/// <summary>The partnership's agreements, seeded on first use with the history in domain.md and then administered.</summary>
public sealed class PartnershipAgreementsGrain(
    [PersistentState("agreements", StorageNames.Hub)] IPersistentState<PartnershipAgreementsState> state) : Grain, IPartnershipAgreementsGrain
{
    private IReadOnlyList<PartnershipAgreement> current = [];

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Agreements is null)
        {
            state.State.Agreements = [.. PartnershipAgreements.Seed];
            await state.WriteStateAsync(cancellationToken);
        }

        current = [.. state.State.Agreements];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PartnershipAgreement>> All() => Task.FromResult(current);

    /// <inheritdoc />
    public async Task<string?> Save(PartnershipAgreement agreement, Caller caller)
    {
        var decision = AccessPolicy.CanAdminister(caller);
        if (!decision.Allowed)
        {
            return decision.Reason;
        }

        var agreements = state.State.Agreements!;
        var before = agreements.ToList();
        agreements.RemoveAll(a => a.Id == agreement.Id);
        agreements.Add(agreement);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Agreements = before;
            throw;
        }

        current = [.. agreements];
        return null;
    }
}
