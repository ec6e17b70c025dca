using System.Net;
using Orleans.Configuration;

namespace PartnershipHub.Host.Configuration;

/// <summary>How the silos of one deployment find each other.</summary>
public enum ClusteringProvider
{
    /// <summary>A single silo on this machine, with no membership store: the default, for one borough and for development.</summary>
    Localhost,

    /// <summary>Membership kept in Redis: any number of silos, any of which may fail.</summary>
    Redis,

    /// <summary>
    /// Membership kept in an Azure table of the hub's storage account (<c>Storage:ConnectionString</c> or
    /// <c>Storage:TableEndpoint</c>), table <see cref="ClusteringSettings.MembershipTable"/>: a cluster on Azure needs
    /// no Redis.
    /// </summary>
    AzureTables,
}

/// <summary>Cluster membership settings, section <c>Clustering</c>; environment variables use <c>Clustering__Name</c>.</summary>
public sealed class ClusteringSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Clustering";

    /// <summary>The membership provider. <see cref="ClusteringProvider.Localhost"/> unless configured.</summary>
    public ClusteringProvider Provider { get; set; } = ClusteringProvider.Localhost;

    /// <summary>A StackExchange.Redis connection string (e.g. <c>redis:6379,password=...</c>); required for <see cref="ClusteringProvider.Redis"/>.</summary>
    public string RedisConnectionString { get; set; } = string.Empty;

    /// <summary>With <see cref="ClusteringProvider.AzureTables"/>: the membership table. Orleans' default unless configured.</summary>
    public string MembershipTable { get; set; } = "OrleansSiloInstances";

    /// <summary>
    /// The address other silos reach this one at. Loopback by default, for a cluster on one machine; ignored under
    /// Kubernetes hosting, which advertises the pod's IP.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Run as a Kubernetes pod (Microsoft.Orleans.Hosting.Kubernetes): silo name, advertised IP, service and cluster
    /// ids come from the pod (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID), and silos
    /// whose pods are gone are declared dead at once. Needs a membership provider other than Localhost.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>The initial timeout of a liveness probe between silos. Empty: Orleans' default.</summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>How many missed probes make a silo suspect a peer. Empty: Orleans' default.</summary>
    public int? NumMissedProbesLimit { get; set; }
}

/// <summary>Chooses the silo's membership provider from <see cref="ClusteringSettings"/>.</summary>
public static class ClusteringSetup
{
    /// <summary>
    /// Configures membership, endpoints and failure detection. With <see cref="ClusteringProvider.Localhost"/> the
    /// silo is exactly the single-machine silo it has always been.
    /// </summary>
    public static ISiloBuilder UseHubClustering(this ISiloBuilder silo, ClusteringSettings clustering, HubOptions hub, StorageOptions storage)
    {
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            if (clustering.ProbeTimeout is { } probeTimeout)
            {
                membership.ProbeTimeout = probeTimeout;
            }

            if (clustering.NumMissedProbesLimit is { } missedProbes)
            {
                membership.NumMissedProbesLimit = missedProbes;
            }
        });

        switch (clustering.Provider)
        {
            case ClusteringProvider.Localhost when clustering.KubernetesHosting:
                throw new InvalidOperationException(
                    "Clustering:KubernetesHosting needs a shared membership store: set Clustering:Provider to Redis or AzureTables.");
            case ClusteringProvider.Localhost:
                return silo.UseLocalhostClustering(hub.SiloPort, hub.GatewayPort, serviceId: hub.ServiceId, clusterId: hub.ClusterId);
            case ClusteringProvider.Redis when string.IsNullOrWhiteSpace(clustering.RedisConnectionString):
                throw new InvalidOperationException("Clustering:Provider is Redis but Clustering:RedisConnectionString is empty.");
            case ClusteringProvider.Redis:
                silo.UseRedisClustering(clustering.RedisConnectionString);
                break;
            case ClusteringProvider.AzureTables:
                // A client of its own, so the membership's steady probes are not in the storage request log.
                silo.UseAzureStorageClustering(membership =>
                {
                    membership.TableServiceClient = TableClients.Create(storage, logRequests: false);
                    membership.TableName = clustering.MembershipTable;
                });
                break;
            default:
                throw new InvalidOperationException($"Clustering:Provider '{clustering.Provider}' is not supported.");
        }

        if (clustering.KubernetesHosting)
        {
            // The pod's labels name the service and cluster, and the pod's IP is advertised; only the ports are ours.
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = hub.SiloPort;
                endpoints.GatewayPort = hub.GatewayPort;
            });
            return silo.UseKubernetesHosting();
        }

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = hub.ServiceId;
            cluster.ClusterId = hub.ClusterId;
        });
        if (!IPAddress.TryParse(clustering.AdvertisedAddress, out var advertised))
        {
            throw new InvalidOperationException($"Clustering:AdvertisedAddress '{clustering.AdvertisedAddress}' is not an IP address.");
        }

        return silo.ConfigureEndpoints(advertised, hub.SiloPort, hub.GatewayPort);
    }
}
