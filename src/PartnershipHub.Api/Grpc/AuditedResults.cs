using PartnershipHub.Abstractions;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Api.Grpc;

/// <summary>Where the outcome of a grain call is audited.</summary>
/// <param name="Subjects">The audit subjects, e.g. <see cref="PartnershipHub.Abstractions.Audit.AuditSubjects.Child"/>; a call about several children is recorded in each trail.</param>
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
    /// <summary>
    /// Records the outcome of a call in the target's audit trail (refusals too), then returns the value or throws
    /// the status that fits: INVALID_ARGUMENT with the field, ABORTED for a stale version, or FAILED_PRECONDITION.
    /// A call the policy refuses and one naming an id nothing has (the target's or any other the call names) get the
    /// same PERMISSION_DENIED (<see cref="RpcErrors.NoAccessTo"/>), both recorded, the reason in the trail only.
    /// </summary>
    public static async Task<T> Audited<T>(
        this AuditWriter audit, AuditTarget target, string action, Caller caller, string purpose, string? caseReference, CallResult<T> result, Func<T, string> describe)
    {
        if (result.Status is CallStatus.Denied or CallStatus.NotFound)
        {
            throw await audit.Refused(target, action, caller, purpose, caseReference,
                result.Status == CallStatus.Denied ? result.Reason : null,
                $"{result.Field} {result.Reason} ({string.Join(", ", target.Subjects)})");
        }

        var (outcome, detail) = Audit(result, describe);
        foreach (var subject in target.Subjects)
        {
            await audit.Record(subject, action, caller, purpose, caseReference, outcome, detail);
        }

        return ValueOrThrow(result);
    }

    /// <summary>
    /// Answers a change the grain stored with its own audit record (in its outbox, with the change): returns the value,
    /// or records a call that stored nothing (refused, invalid, in conflict, an id nothing has) as <see cref="Audited"/>
    /// does and throws the status that fits.
    /// </summary>
    public static async Task<T> StoredOrRecorded<T>(
        this AuditWriter audit, AuditTarget target, string action, Caller caller, string purpose, string? caseReference, CallResult<T> result) =>
        result.Status == CallStatus.Done
            ? result.Value!
            : await audit.Audited(target, action, caller, purpose, caseReference, result, _ => string.Empty);

    /// <summary>The audit outcome (done, refused) and what to record with it.</summary>
    private static (string Outcome, string Detail) Audit<T>(CallResult<T> result, Func<T, string> describe) => result.Status switch
    {
        CallStatus.Done => ("done", describe(result.Value!) + "; " + result.Reason),
        _ => ("refused", $"{result.Status}: {result.Field} {result.Reason}".Trim()),
    };

    /// <summary>The value of a successful outcome; otherwise throws the status that fits.</summary>
    internal static T ValueOrThrow<T>(CallResult<T> result) => result.Status switch
    {
        CallStatus.Done => result.Value!,
        CallStatus.Invalid => throw RpcErrors.InvalidArgument(result.Field!, result.Reason),
        CallStatus.Stale => throw RpcErrors.Aborted(result.Reason),
        _ => throw RpcErrors.FailedPrecondition(result.Reason),
    };
}
