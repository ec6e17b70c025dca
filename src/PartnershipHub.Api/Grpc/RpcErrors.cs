using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using PartnershipHub.Contracts.Errors;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Grpc;

/// <summary>
/// Builds the errors the API answers with, the gRPC way: a status code, a message a person can read and, for bad
/// input, <c>google.rpc.BadRequest</c> field violations in the status details.
/// </summary>
public static class RpcErrors
{
    /// <summary>INVALID_ARGUMENT listing every field that is wrong.</summary>
    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v =>
            new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var summary = string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}"));
        return Build(Code.InvalidArgument, $"The request is invalid: {summary}", Any.Pack(badRequest));
    }

    /// <summary>INVALID_ARGUMENT for one field.</summary>
    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([new FieldViolation(field, description)]);

    /// <summary>
    /// PERMISSION_DENIED for a call about a record the caller may not make the call for (a child, a household, an
    /// adopter, an arrangement, a contact, a board item), whether nothing has the id or the policy refuses: the same
    /// words either way, naming the request field and no borough or identifier, so the answer is no oracle of what
    /// exists where (as Google's API design guide has it: denied, whether or not the resource exists). The policy's
    /// reason is in the audit trail only.
    /// </summary>
    /// <param name="idField">The request field naming the record, e.g. <c>child_id</c>.</param>
    public static RpcException NoAccessTo(string idField) =>
        Build(Code.PermissionDenied, $"Access denied: no {idField.Replace("_id", string.Empty).Replace('_', ' ')} you may do this for matches {idField}. The refusal is recorded.",
            Reason(HubErrorReasons.AccessPolicy));

    /// <summary>The one refusal for a call about a child (<see cref="NoAccessTo"/> naming <c>child_id</c>).</summary>
    public static RpcException NoAccessToChild() => NoAccessTo("child_id");

    /// <summary>ALREADY_EXISTS for a field whose value another record already holds.</summary>
    public static RpcException AlreadyExists(string field, string description) => FieldError(Code.AlreadyExists, field, description);

    /// <summary>PERMISSION_DENIED with the policy's reason.</summary>
    public static RpcException PermissionDenied(string reason) =>
        Build(Code.PermissionDenied, $"Access denied: {reason}.", Reason(HubErrorReasons.AccessPolicy));

    /// <summary>FAILED_PRECONDITION: the record is not in a state that allows the call.</summary>
    public static RpcException FailedPrecondition(string reason) =>
        Build(Code.FailedPrecondition, $"Not possible now: {reason}.",
            Any.Pack(new PreconditionFailure { Violations = { new PreconditionFailure.Types.Violation { Type = "STATE", Description = reason } } }));

    /// <summary>ABORTED: the record changed since the caller read it; read it again and retry.</summary>
    public static RpcException Aborted(string reason) =>
        Build(Code.Aborted, $"The record changed meanwhile: {reason}.", Reason(HubErrorReasons.VersionMismatch));

    /// <summary>OUT_OF_RANGE for a field whose value lies beyond what the hub can serve (e.g. a watermark older than the changes kept).</summary>
    public static RpcException OutOfRange(string field, string description) => FieldError(Code.OutOfRange, field, description);

    /// <summary>UNAUTHENTICATED: the caller's identity could not be established.</summary>
    public static RpcException Unauthenticated(string reason) => Build(Code.Unauthenticated, reason);

    /// <summary>
    /// UNAVAILABLE because the hub's store refused: nothing of the call was done or acknowledged. The caller is given
    /// the reference the log records the cause under (the cause itself may name files, so it stays in the log).
    /// </summary>
    public static RpcException StoreUnavailable(string reference) =>
        Build(Code.Unavailable, $"The hub's store failed, so the call was not completed or acknowledged. Quote reference {reference} to the operator.",
            Reason(HubErrorReasons.StoreUnavailable, (HubErrorReasons.Reference, reference)));

    /// <summary>UNAVAILABLE because a silo of the cluster died or did not answer in time: the call may or may not have taken effect.</summary>
    public static RpcException ClusterUnavailable() =>
        Build(Code.Unavailable, "Part of the hub cluster did not answer in time; the call may not have completed. Retry it.",
            Reason(HubErrorReasons.ClusterUnavailable));

    private static Any Reason(string reason, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = HubErrorReasons.Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata.Add(key, value);
        }

        return Any.Pack(info);
    }

    private static RpcException FieldError(Code code, string field, string description) =>
        Build(code, $"{field} {description}",
            Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } }));

    private static RpcException Build(Code code, string message, params Any[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details);
        return status.ToRpcException();
    }
}
