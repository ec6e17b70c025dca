using PartnershipHub.Abstractions;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Api.Grpc;

/// <summary>Where the outcome of a grain call is audited.</summary>
/// <param name="Subjects">The audit subjects, e.g. <see cref="AuditWriter.ChildSubject"/>; a call about several children is recorded in each trail.</param>
/// <param name="IdField">The request field naming the subject: when nothing has that id there is no trail to write to.</param>
public sealed record AuditTarget(IReadOnlyList<string> Subjects, string IdField)
{
    /// <summary>One subject.</summary>
    public AuditTarget(string subject, string idField)
        : this([subject], idField)
    {
    }
}

/// <summary>Turns a grain's result into the API's answer, recording it in the subject's audit trail first.</summary>
public static class AuditedResults
{
    private const string ChildIdField = "child_id";

    /// <summary>
    /// Records the outcome of a call in the target's audit trail (refusals too), then returns the value or throws
    /// the status that fits: PERMISSION_DENIED, NOT_FOUND, INVALID_ARGUMENT with the field, ABORTED for a stale version, or FAILED_PRECONDITION.
    /// A call on one child that the policy refuses and one naming an unknown child id get the same PERMISSION_DENIED
    /// (<see cref="RpcErrors.NoAccessToChild"/>), both recorded.
    /// </summary>
    public static async Task<T> Audited<T>(
        this AuditWriter audit, AuditTarget target, string action, Caller caller, string purpose, string? caseReference, CallResult<T> result, Func<T, string> describe)
    {
        if (target.IdField == ChildIdField && target.Subjects.Count == 1 && result.Status is CallStatus.Denied or CallStatus.NotFound
            && (result.Status == CallStatus.Denied || result.Field == ChildIdField))
        {
            var childId = target.Subjects[0][(AuditWriter.ChildSubject(string.Empty).Length)..];
            throw await audit.RefusedChild(childId, action, caller, purpose, caseReference, result.Status == CallStatus.Denied ? result.Reason : null);
        }

        if (result.Status == CallStatus.NotFound && result.Field == target.IdField)
        {
            throw RpcErrors.NotFound(target.IdField.Replace("_id", string.Empty), target.IdField);
        }

        var (outcome, detail) = Audit(result, describe);
        foreach (var subject in target.Subjects)
        {
            await audit.Record(subject, action, caller, purpose, caseReference, outcome, detail);
        }

        return ValueOrThrow(result);
    }

    /// <summary>The audit outcome (done, denied, refused) and what to record with it.</summary>
    private static (string Outcome, string Detail) Audit<T>(CallResult<T> result, Func<T, string> describe) => result.Status switch
    {
        CallStatus.Done => ("done", describe(result.Value!) + "; " + result.Reason),
        CallStatus.Denied => ("denied", result.Reason),
        _ => ("refused", $"{result.Status}: {result.Field} {result.Reason}".Trim()),
    };

    /// <summary>The value of a successful outcome; otherwise throws the status that fits.</summary>
    private static T ValueOrThrow<T>(CallResult<T> result) => result.Status switch
    {
        CallStatus.Done => result.Value!,
        CallStatus.Denied => throw RpcErrors.PermissionDenied(result.Reason),
        CallStatus.NotFound => throw RpcErrors.NotFound(result.Field!.Replace("_id", string.Empty), result.Field!),
        CallStatus.Invalid => throw RpcErrors.InvalidArgument(result.Field!, result.Reason),
        CallStatus.Stale => throw RpcErrors.Aborted(result.Reason),
        _ => throw RpcErrors.FailedPrecondition(result.Reason),
    };
}
