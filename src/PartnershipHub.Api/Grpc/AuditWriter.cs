using Grpc.Core;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Api.Grpc;

/// <summary>Appends what the API did to the subject's hash-chained audit trail, once durably, before the caller hears.</summary>
public sealed class AuditWriter(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>Appends one record: who, why, what happened and on what basis.</summary>
    public Task Record(string subject, string action, Caller caller, string purpose, string? caseReference, string outcome, string detail) =>
        grains.GetGrain<IAuditTrailGrain>(subject).Append(new AuditEntry(
            action, caller.Organisation, caller.Role, caller.UserId, purpose, caseReference, outcome, detail, clock.GetUtcNow()));

    /// <summary>
    /// Records a refused access to a child and returns the one answer for it (<see cref="RpcErrors.NoAccessToChild"/>):
    /// a policy refusal (<paramref name="denial"/>) in the child's own trail, an id no child has in the caller's
    /// organisation's trail (there is no child to record it against).
    /// </summary>
    public Task<RpcException> RefusedChild(string childId, string action, Caller caller, string purpose, string? caseReference, string? denial) =>
        Refused(new AuditTarget(AuditSubjects.Child(childId), "child_id"), action, caller, purpose, caseReference, denial, $"no child has id {childId}");

    /// <summary>
    /// Records a refused call about the target and returns the one answer for it, <see cref="RpcErrors.NoAccessTo"/>
    /// naming the target's id field, whether the policy refused (<paramref name="denial"/>, recorded in each
    /// subject's trail) or nothing has an id the call named (<paramref name="missing"/>, recorded in the caller's
    /// organisation's trail, as there may be no subject to record it against).
    /// </summary>
    public async Task<RpcException> Refused(AuditTarget target, string action, Caller caller, string purpose, string? caseReference, string? denial, string missing)
    {
        if (denial is null)
        {
            await Record(AuditSubjects.Organisation(caller.Organisation), action, caller, purpose, caseReference, "not-found", missing);
        }
        else
        {
            foreach (var subject in target.Subjects)
            {
                await Record(subject, action, caller, purpose, caseReference, "denied", denial);
            }
        }

        return RpcErrors.NoAccessTo(target.IdField);
    }

    /// <summary>
    /// Answers a change the child's grain made and audited itself (its audit record stored in the same write as the
    /// change, or appended before it answered a refusal): returns the value or throws the status that fits. Only an id
    /// the child does not know (no child, no such contact or record) is recorded here, in the caller's organisation's
    /// trail, as <see cref="Refused"/> does.
    /// </summary>
    public async Task<T> ChildChange<T>(string childId, string action, Caller caller, string purpose, CallResult<T> result) => result.Status switch
    {
        CallStatus.NotFound => throw await Refused(new AuditTarget(AuditSubjects.Child(childId), "child_id"), action, caller, purpose, null, null,
            $"{result.Field} {result.Reason} ({AuditSubjects.Child(childId)})"),
        CallStatus.Denied => throw RpcErrors.NoAccessTo("child_id"),
        _ => AuditedResults.ValueOrThrow(result),
    };

    /// <summary>
    /// Records the outcome of a read on a child's grain in the child's audit trail (refusals too) before the answer
    /// leaves, then returns the value or throws the status that fits. A record the store cannot take fails the call
    /// (UNAVAILABLE): nothing is answered unaudited.
    /// </summary>
    public Task<T> ChildCall<T>(string childId, string action, Caller caller, string purpose, string? caseReference, CallResult<T> result, Func<T, string> describe) =>
        this.Audited(new AuditTarget(AuditSubjects.Child(childId), "child_id"), action, caller, purpose, caseReference, result, describe);
}
