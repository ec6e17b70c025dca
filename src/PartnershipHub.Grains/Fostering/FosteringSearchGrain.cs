using PartnershipHub.Abstractions;
using Orleans.Concurrency;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Fostering;

namespace PartnershipHub.Grains.Fostering;

/// <summary>
/// The vacancy search: checks the caller may work on every child for fostering matching, works out their ages
/// today, then asks only the registers of the boroughs in the caller's fostering search scope.
/// </summary>
[StatelessWorker]
public sealed class FosteringSearchGrain(TimeProvider clock) : Grain, IFosteringSearchGrain
{
    /// <inheritdoc />
    public async Task<CallResult<VacancySearchResult>> Search(VacancySearch search, Caller caller)
    {
        var fields = new[] { "child_id" }.Concat(search.SiblingIds.Select((_, i) => $"sibling_child_ids[{i}]")).ToList();
        var ids = new[] { search.ChildId }.Concat(search.SiblingIds).ToList();
        var children = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IChildMatchingGrain>(id).ForMatching(AccessPurpose.FosteringMatching, caller)));
        var today = LondonTime.DateOf(clock.GetUtcNow());
        // Unknown ids first, then refusals, and only then what the records hold, so a refusal reveals nothing.
        var missing = Array.FindIndex(children, c => c.Status == CallStatus.NotFound);
        if (missing >= 0)
        {
            return CallResult<VacancySearchResult>.NotFound(fields[missing], "no child has this id");
        }

        var denied = Array.FindIndex(children, c => c.Status != CallStatus.Done);
        if (denied >= 0)
        {
            return CallResult<VacancySearchResult>.Denied($"{fields[denied]}: {children[denied].Reason}");
        }

        var undated = Array.FindIndex(children, c => c.Value!.KnownBirthDate is null);
        if (undated >= 0)
        {
            return CallResult<VacancySearchResult>.Conflict(
                $"the child named in {fields[undated]} has no known date of birth, so no age range can be matched; record it first");
        }

        var ages = children.Select(c => Ages.On(c.Value!.KnownBirthDate!.Value, today)).ToList();
        var agreements = await GrainFactory.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        var scope = AccessPolicy.FosteringSearchScope(caller, agreements, today);
        var registers = await Task.WhenAll(scope.Order(StringComparer.Ordinal).Select(borough => GrainFactory.GetGrain<IFosterRegisterGrain>(borough).Households()));
        var summaries = registers.SelectMany(r => r).ToDictionary(h => h.HouseholdId, StringComparer.Ordinal);
        var matches = VacancyMatching.Search(summaries.Values.Select(h => h.ToOffer()), new PlacementNeed(ages, search.Needs, search.PreferredDistrict), scope);
        var result = new VacancySearchResult(
            [.. matches.Select(m => new VacancyResult(summaries[m.Offer.HouseholdId], m.Location))],
            [.. scope.Order(StringComparer.Ordinal)],
            string.Join("; ", children.Select(c => c.Reason)));
        return CallResult<VacancySearchResult>.Done(result, result.Access);
    }
}
