using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PartnershipHub.Host.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics for the host: ASP.NET Core and gRPC, Orleans' activity sources and meter, and
/// the table storage provider. Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The name the hub reports itself as.</summary>
    public const string ServiceName = "partnershiphub";

    /// <summary>Adds the hub's OpenTelemetry wiring.</summary>
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(Orleans.Diagnostics.ActivitySources.AllActivitySourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.Orleans"));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
