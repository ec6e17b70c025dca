using PartnershipHub.Abstractions;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Api.Grpc;

/// <summary>Where the outcome of a grain call is audited.</summary>
/// <param name="Subject">The audit subject, e.g. <see cref="AuditWriter.ChildSubject"/>.</param>
/// <param name="IdField">The request field naming the subject: when nothing has that id there is no trail to write to.</param>
public sealed record AuditTarget(string Subject, string IdField);

/// <summary>Turns a grain's result into the API's answer, recording it in the subject's audit trail first.</summary>
public static class AuditedResults
{
    /// <summary>
    /// Records the outcome of a call in the target's audit trail (refusals too), then returns the value or throws
    /// the status that fits: PERMISSION_DENIED, NOT_FOUND, INVALID_ARGUMENT with the field, ABORTED for a stale version, or FAILED_PRECONDITION.
    /// </summary>
    public static async Task<T> Audited<T>(
        this AuditWriter audit, AuditTarget target, string action, Caller caller, string purpose, string? caseReference, CallResult<T> result, Func<T, string> describe)
    {
        if (result.Status == CallStatus.NotFound && result.Field == target.IdField)
        {
            throw RpcErrors.NotFound(target.IdField.Replace("_id", string.Empty), target.IdField);
        }

        var (outcome, detail) = GrainResults.Audit(result, describe);
        await audit.Record(target.Subject, action, caller, purpose, caseReference, outcome, detail);
        return GrainResults.ValueOrThrow(result);
    }
}
