using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Children;

/// <summary>Refuses case ids of another borough in a request (<see cref="AccessPolicy.CanUseCaseId"/>), audited in that borough's trail.</summary>
public static class CaseIdUse
{
    /// <summary>
    /// Throws INVALID_ARGUMENT naming each case id the caller may not use, after recording the refusal in the trail
    /// of the borough whose case id it is; does nothing when every case id is the caller's borough's own.
    /// </summary>
    public static async Task Check(AuditWriter audit, Caller caller, IReadOnlyList<BoroughCaseId> caseIds, string fieldPrefix, string action, string purpose)
    {
        var violations = new Violations(fieldPrefix);
        for (var i = 0; i < caseIds.Count; i++)
        {
            var use = AccessPolicy.CanUseCaseId(caller, caseIds[i].Borough);
            if (!use.Allowed)
            {
                await audit.Record(AuditSubjects.Borough(caseIds[i].Borough), action, caller, purpose, null, "denied", use.Reason);
                violations.Add($"identifiers.borough_case_ids[{i}].borough", "must be your own borough: a borough's case ids are used only by its own staff and sync service.");
            }
        }

        FieldChecks.ThrowIfAny(violations);
    }
}
