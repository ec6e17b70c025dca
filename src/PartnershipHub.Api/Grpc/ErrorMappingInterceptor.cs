using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using PartnershipHub.Abstractions;

namespace PartnershipHub.Api.Grpc;

/// <summary>
/// Turns failures that escape a service into proper gRPC statuses, so no caller ever sees a bare UNKNOWN or a
/// stack trace: a storage concurrency conflict is ABORTED (retry), anything unexpected is INTERNAL with a
/// reference the operator can find in the logs.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case InconsistentStateException:
                return new RpcException(new Status(StatusCode.Aborted,
                    "The record was changed by another call at the same time; read it again and retry."));
            case OrleansMessageRejectionException or TimeoutException:
                // A silo of the cluster died or stopped answering (SiloUnavailableException is a rejection): the
                // call may or may not have taken effect, and once membership declares the silo dead a retry is
                // served by another one.
                LogUnavailable(logger, ex.GetType().FullName, context.Method);
                return RpcErrors.ClusterUnavailable();
            case StoreUnavailableException or { InnerException: StoreUnavailableException }:
                {
                    // The store refused (full disk, read-only or corrupt file, unreachable): nothing of this call was
                    // acknowledged. The store's message names the file and the SQLite or HTTP error, never stored contents.
                    var storeReference = context.GetHttpContext().TraceIdentifier;
                    LogStoreUnavailable(logger, context.Method, storeReference, (ex as StoreUnavailableException ?? ex.InnerException)!.Message);
                    return RpcErrors.StoreUnavailable(storeReference);
                }

            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
            case IOException:
                // The caller went away (cancelled, timed out, disconnected, reset its stream): an ordinary event,
                // e.g. a sync service restarting, not a failure of the hub. An IOException reaching here comes from
                // the call's own streams (storage failures arrive as the storage client's exceptions), and may come
                // before the call's cancellation is signalled.
                LogCallerLeft(logger, context.Method, ex.GetType().Name);
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                var reference = context.GetHttpContext().TraceIdentifier;
                // Exception types and stack traces only: the hub's own exceptions never carry personal data.
                LogUnexpected(logger, ex.GetType().FullName, context.Method, reference, ex.StackTrace);
                return new RpcException(new Status(StatusCode.Internal,
                    $"The hub could not complete the call. Quote reference {reference} to the operator."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Unexpected {ExceptionType} in {Method}, reference {Reference}. {StackTrace}")]
    private static partial void LogUnexpected(ILogger logger, string? exceptionType, string method, string reference, string? stackTrace);

    [LoggerMessage(Level = LogLevel.Information, Message = "The caller of {Method} closed the stream or cancelled the call before it ended ({ExceptionType}).")]
    private static partial void LogCallerLeft(ILogger logger, string method, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store failed in {Method}, reference {Reference}: {Problem}")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string reference, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ExceptionType} in {Method}: a silo did not answer; the caller was told to retry.")]
    private static partial void LogUnavailable(ILogger logger, string? exceptionType, string method);
}
