using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace PartnershipHub.Api.Grpc;

/// <summary>
/// Binds the methods of every gRPC service as grpc-dotnet's own binder does, except that each request's deserializer
/// answers a body that is not a valid protobuf message of the method's request type with INVALID_ARGUMENT. Without
/// it the parser's exception escapes before any interceptor runs and grpc-dotnet answers UNKNOWN, logging an error
/// with a stack trace. It replaces the default binder (<see cref="HubApiExtensions.AddHubApi"/>).
/// </summary>
/// <typeparam name="TService">The service implementation, e.g. the MASH service.</typeparam>
public sealed class CheckedRequestBinding<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var bindMethod = bind?.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m =>
            m.Name == bind.BindMethodName && m.GetParameters() is [var binder, _] && binder.ParameterType == typeof(ServiceBinderBase));
        bindMethod?.Invoke(null, [new Binder(context), null]);
    }

    /// <summary>A request marshaller like <paramref name="marshaller"/> whose failures to parse are INVALID_ARGUMENT.</summary>
    internal static Marshaller<T> Checked<T>(Marshaller<T> marshaller) => Marshallers.Create(
        marshaller.ContextualSerializer,
        context =>
        {
            try
            {
                return marshaller.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException)
            {
                throw RpcErrors.InvalidArgument("request", "is not a valid protobuf message of this method's request type.");
            }
        });

    /// <summary>Receives the generated service's methods and adds each to the context with the checked marshaller.</summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Checked(method), Metadata(method, typeof(TRequest), typeof(ServerCallContext)),
                Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method, typeof(TRequest), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Checked(method), Metadata(method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Checked(method), Metadata(method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Checked(method), Metadata(method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));

        private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name, CheckedRequestBinding<TService>.Checked(method.RequestMarshaller), method.ResponseMarshaller);

        private static MethodInfo Implementation(IMethod method, Type[] parameters) =>
            typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}.");

        /// <summary>The service's and the method's attributes, as grpc-dotnet gives them to the endpoint (authorization, for one).</summary>
        private static List<object> Metadata(IMethod method, params Type[] parameters) =>
            [.. typeof(TService).GetCustomAttributes(inherit: true), .. Implementation(method, parameters).GetCustomAttributes(inherit: true)];

        private static TDelegate Invoker<TDelegate>(IMethod method, params Type[] parameters)
            where TDelegate : Delegate =>
            Implementation(method, parameters).CreateDelegate<TDelegate>();
    }
}
