using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Registers <see cref="HubTableGrainStorage"/>, mirroring the official <c>AddAzureTableGrainStorage</c> so one line swaps them.
/// </summary>
public static class HubTableGrainStorageExtensions
{
    /// <summary>Adds a named hub table grain storage to the silo.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configureOptions">Sets the table service client, table name and so on.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddHubTableGrainStorage(this ISiloBuilder builder, string name, Action<HubTableGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHubTableGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds the hub table grain storage as the silo's default grain storage.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the table service client, table name and so on.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddHubTableGrainStorageAsDefault(this ISiloBuilder builder, Action<HubTableGrainStorageOptions> configureOptions) =>
        builder.AddHubTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a named hub table grain storage to a silo's services.</summary>
    /// <param name="services">The silo's service collection.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configureOptions">Sets the table service client, table name and so on.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddHubTableGrainStorage(this IServiceCollection services, string name, Action<HubTableGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddOptions<HubTableGrainStorageOptions>(name).Configure(configureOptions);

        // Registers the keyed IGrainStorage and, because the provider is an ILifecycleParticipant<ISiloLifecycle>,
        // its part in silo start-up (creating the table).
        return services.AddGrainStorage(name, HubTableGrainStorage.Create);
    }
}
