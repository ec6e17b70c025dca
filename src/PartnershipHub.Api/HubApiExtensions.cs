using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnershipHub.Api.Admin;
using PartnershipHub.Api.Adoption;
using PartnershipHub.Api.Board;
using PartnershipHub.Api.Care;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Datasets;
using PartnershipHub.Api.Fostering;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Api.Mash;
using PartnershipHub.Api.PrivateFostering;
using PartnershipHub.Api.Sync;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api;

/// <summary>Wires the hub's gRPC API into an ASP.NET Core host.</summary>
public static class HubApiExtensions
{
    /// <summary>Adds gRPC with the hub's error mapping and its message size limits.</summary>
    public static IServiceCollection AddHubApi(this IServiceCollection services)
    {
        services.AddSingleton<AuditWriter>();
        services.AddSingleton(DatasetSettings.SmallNumbers);
        services.AddSingleton<PopulationCache>();
        services.AddSingleton<DatasetReader>();
        services.AddSingleton<BoardReader>();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<RequestShapeInterceptor>();
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = RequestLimits.MessageBytes;
        }).AddServiceOptions<SyncGrpcService>(options => options.MaxReceiveMessageSize = RequestLimits.SyncMessageBytes);

        // Every service's methods are bound with requests that fail to parse answered INVALID_ARGUMENT, in place of
        // grpc-dotnet's own binder (which AddGrpc adds once, whoever calls it).
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(CheckedRequestBinding<>));
        return services;
    }

    /// <summary>Maps every hub service; each requires an authenticated caller.</summary>
    public static IEndpointRouteBuilder MapHubApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ChildrenGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<MashGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<PartnershipGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<AuditGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<CareGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<SyncGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<AdoptionGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<PrivateFosteringGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<FosteringGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<BoardGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<DatasetGrpcService>().RequireAuthorization();
        endpoints.MapGrpcService<AdminGrpcService>().RequireAuthorization();
        return endpoints;
    }
}
