using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Serialization;
using PartnershipHub.Abstractions;
using PartnershipHub.Api;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Host.Configuration;
using PartnershipHub.Host.Health;
using PartnershipHub.Host.Identity;
using PartnershipHub.Host.Operations;
using PartnershipHub.Host.Telemetry;
using PartnershipHub.Host.Web;

if (args is [CopyStoreCommand.Name, .. var copyArguments])
{
    // An operator command run with the hub stopped: the hub's own configuration names the tables and service id.
    var configuration = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
    Environment.ExitCode = await CopyStoreCommand.RunAsync(copyArguments, configuration);
    return;
}

var builder = WebApplication.CreateBuilder(args);
var hub = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
var authentication = builder.Configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
var clustering = builder.Configuration.GetSection(ClusteringSettings.Section).Get<ClusteringSettings>() ?? new ClusteringSettings();
var tls = builder.Configuration.GetSection(TlsSettings.Section).Get<TlsSettings>() ?? new TlsSettings();
var clusterTls = builder.Configuration.GetSection(ClusterTlsSettings.Section).Get<ClusterTlsSettings>() ?? new ClusterTlsSettings();
var dataFolder = Path.GetFullPath(hub.DataFolder);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ListenForGrpc(hub, tls);
    kestrel.ListenForWeb(hub, tls);
});

builder.UseOrleans(silo => silo
    .UseHubClustering(clustering, hub, storage)
    .UseHubClusterTls(clusterTls, hub, clustering)
    .AddActivityPropagation()
    .UseHubStorage(storage, clustering, dataFolder));

builder.Services.AddSerializer(serializer => serializer.AddHubDomainTypes());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<NewGrainIds>();
builder.Services.AddSingleton(new IdentifierKeys(IdentifierIndexSecret.Resolve(hub.IdentifierIndexSecret, dataFolder)));
builder.Services.AddSingleton(builder.Configuration.GetSection(ChangeFeedOptions.Section).Get<ChangeFeedOptions>() ?? new ChangeFeedOptions());
builder.Services.AddSingleton(builder.Configuration.GetSection("Mash:ResponseTimes").Get<ResponseTimes>() ?? new ResponseTimes());
builder.Services.AddSingleton(builder.Configuration.GetSection("Board").Get<BoardSettings>() ?? new BoardSettings());
builder.Services.AddHubAuthentication(authentication, dataFolder);
builder.Services.AddPerformancePack(authentication, dataFolder);
builder.Services.AddHubApi();
builder.Services.AddGrpcReflection();
// The default service ("") is readiness: the silo is active and the store answers. "liveness" only asks
// whether the process answers at all, so an orchestrator restarts a hung silo, not every silo at once because the
// store is briefly unreachable.
builder.Services
    .AddGrpcHealthChecks(health => health.Services.Map(HubReadinessCheck.LivenessService, check => check.Tags.Contains(HubReadinessCheck.LivenessService)))
    .AddCheck("process", () => HealthCheckResult.Healthy("The hub answers."), [HubReadinessCheck.LivenessService])
    .AddCheck<HubReadinessCheck>("hub");
builder.Services.AddHostedService<MembershipLog>();
builder.Services.AddHubTelemetry(builder.Configuration);

var app = builder.Build();
var store = app.Services.GetRequiredService<IHubStore>();
try
{
    await store.InitialiseAsync(app.Lifetime.ApplicationStopping);
}
catch (StoreUnavailableException ex)
{
    // A read-only, locked, full or corrupt store: say so and stop, rather than serve calls that cannot be kept.
    app.Logger.LogCritical("The hub cannot start: {Problem}", ex.Message);
    Environment.ExitCode = 2;
    return;
}

app.UseAuthentication();
app.UseAuthorization();
app.MapHubApi();
app.MapGrpcReflectionService().RequireAuthorization();
app.MapPerformancePack(hub, authentication);
// Probes carry no token: health is the one service open to anonymous callers, and it reveals nothing.
app.MapGrpcHealthChecksService().AllowAnonymous();
// The same checks over HTTPS, for orchestrators whose gRPC probes cannot use TLS (Kubernetes).
app.MapHealthChecks("/health/ready").AllowAnonymous();
app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains(HubReadinessCheck.LivenessService) }).AllowAnonymous();

if (clustering.Provider != ClusteringProvider.Localhost && hub.IdentifierIndexSecret.Length == 0)
{
    // Silos with different secrets would key the identifier index differently and miss each other's duplicates.
    app.Logger.LogWarning(
        "Hub:IdentifierIndexSecret is not configured: every silo of this cluster must share the data folder {DataFolder}, " +
        "or configure the same secret on all of them.", dataFolder);
}

app.Logger.LogInformation(
    "PartnershipHub serves gRPC on {Address}:{Port} ({Transport}); {Web}; data folder {DataFolder}; store {Store}; clustering {Provider}, " +
    "silo port {SiloPort}, {Gateway}, silo traffic {SiloTransport}",
    hub.ListenAddress, hub.GrpcPort, tls.IsConfigured ? $"TLS, client certificates {tls.ClientCertificates}" : "plaintext on loopback",
    hub.WebPort == 0 ? "no performance pack page" : $"the performance pack on {(tls.IsConfigured ? "https" : "http")}://{hub.ListenAddress}:{hub.WebPort}/pack",
    dataFolder, store.Description, clustering.Provider, hub.SiloPort,
    hub.GatewayPort == 0 ? "no Orleans gateway" : $"Orleans gateway on port {hub.GatewayPort} (mutual TLS)",
    clusterTls.IsConfigured ? "mutual TLS" : "plaintext on loopback");
await app.RunAsync();
