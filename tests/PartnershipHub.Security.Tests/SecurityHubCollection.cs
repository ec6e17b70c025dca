using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests;

/// <summary>The attack scenarios that share one store and one running hub; each works with its own children.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityHubCollection : ICollectionFixture<HubFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "security-hub";
}
