namespace PartnershipHub.Host.Configuration;

/// <summary>The host's own settings, section <c>Hub</c>; environment variables use <c>Hub__Name</c>.</summary>
public sealed class HubOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hub";

    /// <summary>The address gRPC listens on. Loopback by default; a container sets 0.0.0.0.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The gRPC port (HTTP/2).</summary>
    public int GrpcPort { get; set; } = 5080;

    /// <summary>
    /// The port of the board's performance pack, a web page (HTTP/1.1, and HTTP/2 with TLS) on <see cref="ListenAddress"/>.
    /// 0 (the default): no web page; <c>scripts/run.sh</c> serves it on 5090.
    /// </summary>
    public int WebPort { get; set; }

    /// <summary>Local state: the token signing key and identifier index secret when none is configured.</summary>
    public string DataFolder { get; set; } = ".data";

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The Orleans gateway port, where Orleans clients call grains directly. 0 (the default): no gateway, and the
    /// gRPC API is the only way in. Any other port needs <c>ClusterTls</c>: only holders of the cluster certificate
    /// may connect, since a gateway client can name any caller.
    /// </summary>
    public int GatewayPort { get; set; }

    /// <summary>Orleans service id: the name of this deployment's data. Keep it stable across upgrades.</summary>
    public string ServiceId { get; set; } = "partnershiphub";

    /// <summary>Orleans cluster id.</summary>
    public string ClusterId { get; set; } = "local";

    /// <summary>
    /// The identifier index secret, base64 (at least 32 bytes). Empty: created in the data folder on first start.
    /// Changing it orphans the index, so keep it with the storage account's backups.
    /// </summary>
    public string IdentifierIndexSecret { get; set; } = string.Empty;
}

/// <summary>Which backend keeps everything the hub persists (grain state, audit trails, change feeds).</summary>
public enum StorageProvider
{
    /// <summary>The embedded store: one SQLite file, <c>hub.db</c> in the data folder, for one hub process. The default.</summary>
    Sqlite,

    /// <summary>Azure Table Storage (or Azurite): for clusters of silos and production deployments.</summary>
    AzureTables,
}

/// <summary>Where grain state, audit trails and change feeds are stored, section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>The backend: <see cref="StorageProvider.Sqlite"/> unless configured (<c>Storage__Provider=AzureTables</c>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// With <see cref="StorageProvider.AzureTables"/>: an Azure Storage connection string. The default is a local
    /// Azurite emulator (its published development account on 127.0.0.1:10002).
    /// </summary>
    public string ConnectionString { get; set; } =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    /// <summary>
    /// With <see cref="StorageProvider.AzureTables"/>: the storage account's table endpoint, e.g.
    /// <c>https://ACCOUNT.table.core.windows.net</c>. When set, the hub signs in with a managed identity (or whatever
    /// <c>DefaultAzureCredential</c> finds) and <see cref="ConnectionString"/> is not used.
    /// </summary>
    public string TableEndpoint { get; set; } = string.Empty;

    /// <summary>With <see cref="TableEndpoint"/>: the client id of a user-assigned managed identity. Empty: the system-assigned one.</summary>
    public string ManagedIdentityClientId { get; set; } = string.Empty;

    /// <summary>
    /// With <see cref="StorageProvider.AzureTables"/>: a file to which one line is appended per request the hub sends to
    /// the table service (method and table), to count what each action costs. Empty (the default): none is written.
    /// </summary>
    public string RequestLog { get; set; } = string.Empty;

    /// <summary>With <see cref="StorageProvider.AzureTables"/>: the table holding every grain's state.</summary>
    public string GrainStateTable { get; set; } = "HubGrainState";

    /// <summary>With <see cref="StorageProvider.AzureTables"/>: the table holding the audit trails.</summary>
    public string AuditTable { get; set; } = "HubAudit";

    /// <summary>With <see cref="StorageProvider.AzureTables"/>: the table holding boroughs' change feeds (what sync watchers follow).</summary>
    public string ChangeFeedTable { get; set; } = "HubChangeFeed";
}

/// <summary>How callers are authenticated, section <c>Authentication</c>.</summary>
public sealed class AuthenticationSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Authentication";

    /// <summary>
    /// An OpenID Connect authority to trust (production). Empty: trust tokens signed with the local key in the
    /// data folder, as issued by <c>phub token</c>.
    /// </summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>The audience tokens must carry.</summary>
    public string Audience { get; set; } = PartnershipHub.Contracts.LocalTokens.LocalSigningKey.DefaultAudience;

    /// <summary>
    /// The performance pack's client id at the <see cref="Authority"/> (OpenID Connect sign-in with the authorisation
    /// code flow). Empty: the pack is signed into with a token of the local key (local use only).
    /// </summary>
    public string WebClientId { get; set; } = string.Empty;

    /// <summary>The performance pack's client secret at the authority, from a secret store.</summary>
    public string WebClientSecret { get; set; } = string.Empty;

    /// <summary>The claim of the identity provider's ID token that holds the user's organisation code.</summary>
    public string OrganisationClaim { get; set; } = PartnershipHub.Domain.Access.HubClaims.Organisation;

    /// <summary>The claim of the identity provider's ID token that holds the user's hub role.</summary>
    public string RoleClaim { get; set; } = PartnershipHub.Domain.Access.HubClaims.Role;
}
