using PartnershipHub.Abstractions;

namespace PartnershipHub.Api.Grpc;

/// <summary>How the API turns a grain's outcome into an audit record and a gRPC answer, the same way in every service.</summary>
public static class GrainResults
{
    /// <summary>The audit outcome (done, denied, refused) and what to record with it.</summary>
    public static (string Outcome, string Detail) Audit<T>(CallResult<T> result, Func<T, string> describe) => result.Status switch
    {
        CallStatus.Done => ("done", describe(result.Value!) + "; " + result.Reason),
        CallStatus.Denied => ("denied", result.Reason),
        _ => ("refused", $"{result.Status}: {result.Field} {result.Reason}".Trim()),
    };

    /// <summary>The value of a successful outcome; otherwise throws the status that fits.</summary>
    public static T ValueOrThrow<T>(CallResult<T> result) => result.Status switch
    {
        CallStatus.Done => result.Value!,
        CallStatus.Denied => throw RpcErrors.PermissionDenied(result.Reason),
        CallStatus.NotFound => throw RpcErrors.NotFound(result.Field!.Replace("_id", string.Empty), result.Field!),
        CallStatus.Invalid => throw RpcErrors.InvalidArgument(result.Field!, result.Reason),
        CallStatus.Stale => throw RpcErrors.Aborted(result.Reason),
        _ => throw RpcErrors.FailedPrecondition(result.Reason),
    };
}
