using Google.Rpc;
using Grpc.Core;

namespace PartnershipHub.Cli;

/// <summary>Writes a gRPC error as a person reads it: the status, the message and each field violation.</summary>
public static class RpcErrorText
{
    /// <summary>The error's status, message and field violations, one per line.</summary>
    public static string Describe(RpcException ex)
    {
        var lines = new List<string> { $"{ex.StatusCode}: {ex.Status.Detail}" };
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        if (badRequest is not null)
        {
            lines.AddRange(badRequest.FieldViolations.Select(v => $"  {v.Field}: {v.Description}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
