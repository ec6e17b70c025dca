using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace PartnershipHub.Cli;

/// <summary>
/// <c>phub health</c> and <c>phub services</c>: what an operator asks of any hub, through the standard gRPC health and
/// server reflection services, so that no other gRPC client is needed.
/// </summary>
public static class HubCommands
{
    /// <summary>
    /// Runs <c>phub health</c>: the readiness of the hub as a whole (or <c>--service liveness</c>), needing no token.
    /// Exit code 0 when serving, 1 otherwise.
    /// </summary>
    public static async Task<int> Health(GrpcChannel channel, Arguments a)
    {
        var service = a.Option("service", string.Empty)!;
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service });
        var status = Arguments.Kebab(reply.Status.ToString()).ToUpperInvariant().Replace('-', '_');
        Console.WriteLine($"{channel.Target}{(service.Length > 0 ? " " + service : string.Empty)}: {status}");
        return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
    }

    /// <summary>Runs <c>phub services</c>: every service the hub offers and its calls, by server reflection.</summary>
    public static async Task<string> Services(GrpcChannel channel, Arguments a, Metadata headers)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(headers);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.ResponseStream.MoveNext();
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var name in names)
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = name });
            await call.ResponseStream.MoveNext();
            var methods = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
                .Select(FileDescriptorProto.Parser.ParseFrom)
                .SelectMany(f => f.Service.Where(s => $"{f.Package}.{s.Name}" == name).SelectMany(s => s.Method))
                .Select(m => m.Name + (m.ClientStreaming || m.ServerStreaming ? " (stream)" : string.Empty));
            rows.Add([name, string.Join(", ", methods)]);
        }

        await call.RequestStream.CompleteAsync();
        return a.Flag("json")
            ? System.Text.Json.JsonSerializer.Serialize(rows.ToDictionary(r => r[0], r => r[1].Split(", ", StringSplitOptions.RemoveEmptyEntries)))
            : TextTable.Write(["SERVICE", "CALLS"], rows);
    }
}
