using Google.Rpc;
using Grpc.Core;

namespace PartnershipHub.Host.Tests;

/// <summary>Assertions on gRPC failures: the status code and the field violations in the status details.</summary>
public static class RpcAssert
{
    /// <summary>Asserts the call fails with <paramref name="code"/> and returns the failure.</summary>
    public static async Task<RpcException> Fails(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    /// <summary>Asserts the call fails with INVALID_ARGUMENT naming <paramref name="field"/> among its field violations.</summary>
    public static async Task InvalidField(string field, Func<Task> call)
    {
        var error = await Fails(StatusCode.InvalidArgument, call);
        Assert.Contains(field, Violations(error).Select(v => v.Field));
    }

    /// <summary>The field violations a failure carries.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [];
}
