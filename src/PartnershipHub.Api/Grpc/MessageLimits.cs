namespace PartnershipHub.Api.Grpc;

/// <summary>
/// The largest request message each service reads, checked by gRPC before anything of the hub runs: a larger one is
/// refused with RESOURCE_EXHAUSTED and never parsed. Every limit of message size is here.
/// </summary>
public static class MessageLimits
{
    /// <summary>Any single call: one child, contact, record or query is a few kilobytes at most.</summary>
    public const int PerCall = 1024 * 1024;

    /// <summary>A sync push batch: up to <see cref="Sync.SyncGrpcService.MaxBatch"/> records of a borough's case system.</summary>
    public const int SyncBatch = 4 * 1024 * 1024;
}
