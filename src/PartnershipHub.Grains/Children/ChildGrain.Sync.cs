using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Children;

/// <summary>The child's own details as a borough's case system keeps them in sync.</summary>
public sealed partial class ChildGrain
{
    /// <inheritdoc />
    public async Task<SyncOutcome> ApplySyncedDetails(string sourceId, string version, ChildRegistration details, Caller caller)
    {
        var childId = this.GetPrimaryKeyString();
        var applied = new SyncOutcome(sourceId, SyncStatus.Applied, childId, []);
        if (state.State.Child is not { } child)
        {
            // A child not registered has no trail yet: a refusal is answered, and recorded by nobody.
            var registered = await Register(details, caller, version, _ => AuditOf(SyncChildAction, caller, AccessPurpose.CaseSync, "done", SyncOutcomes.Describe([applied])));
            return registered.Status == RegistrationStatus.Registered
                ? applied
                : SyncOutcome.Rejected(sourceId, registered.Status == RegistrationStatus.IdentifierInUse ? "child." + registered.Detail : "child_case_id",
                    registered.Status == RegistrationStatus.IdentifierInUse ? "is held by another child in the hub." : registered.Detail ?? "refused");
        }

        var refusal = RefuseSyncedDetails(child, sourceId, version, details, caller);
        if (refusal is not null)
        {
            await Deliver();
            await Trail().Append(AuditOf(SyncChildAction, caller, AccessPurpose.CaseSync, "done", SyncOutcomes.Describe([refusal])));
            return refusal;
        }

        var held = child.Details;

        var previous = (state.State.Child, state.State.SyncVersion);
        state.State.Child = child with
        {
            Details = held with
            {
                // A return without names (SSDA903 carries none) leaves the names the hub holds.
                GivenName = details.GivenName.Length > 0 ? details.GivenName : held.GivenName,
                FamilyName = details.FamilyName.Length > 0 ? details.FamilyName : held.FamilyName,
                BirthDateStatus = details.BirthDateStatus,
                BirthDate = details.BirthDate,
            },
        };
        state.State.SyncVersion = version;
        await Store(AuditOf(SyncChildAction, caller, AccessPurpose.CaseSync, "done", SyncOutcomes.Describe([applied])),
            [DetailsChanged(state.State.Child)], () => (state.State.Child, state.State.SyncVersion) = previous);
        return applied;
    }

    private const string SyncChildAction = "sync.child";

    /// <summary>Why details a case system sent for a registered child are not applied (a duplicate, a refusal), or null.</summary>
    private SyncOutcome? RefuseSyncedDetails(ChildRecord child, string sourceId, string version, ChildRegistration details, Caller caller)
    {
        var access = AccessPolicy.CanRegisterChild(caller, child.Details.ResponsibleBorough);
        if (!access.Allowed)
        {
            return SyncOutcome.Rejected(sourceId, "child_case_id", access.Reason);
        }

        if (state.State.SyncVersion == version)
        {
            return new SyncOutcome(sourceId, SyncStatus.Duplicate, child.ChildId, []);
        }

        var held = child.Details;
        if (details.NhsNumber != held.NhsNumber || details.UniquePupilNumber != held.UniquePupilNumber)
        {
            return SyncOutcome.Rejected(sourceId, details.NhsNumber != held.NhsNumber ? "child.nhs_number" : "child.unique_pupil_number",
                "differs from the child's identifier in the hub; identifiers are not changed through sync: resolve the records with the hub's administrators.");
        }

        if (details.BirthDateStatus == BirthDateStatus.Known
            && CareRecordRules.FirstAfterBirth(Standing().Select(r => r.Record)) is { } first && first.Date < details.BirthDate)
        {
            return SyncOutcome.Rejected(sourceId, "child.birth_date.date",
                $"is after the child's {first.Kind} of {first.Date:yyyy-MM-dd}: a child is born before their first episode of care, review or status.");
        }

        return null;
    }
}
