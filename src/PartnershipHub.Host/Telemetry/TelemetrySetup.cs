using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PartnershipHub.Host.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics for the host: ASP.NET Core and gRPC, Orleans' activity sources and meter. Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it no span is
/// made at all (a listener on Orleans' sources makes every grain call start and stop an activity, about 2 % of the
/// hub's profile samples on a sync load, for spans nobody receives).
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
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.Orleans"));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation()
                    .AddSource(Orleans.Diagnostics.ActivitySources.AllActivitySourceName))
                .UseOtlpExporter();
        }

        return services;
    }
}
