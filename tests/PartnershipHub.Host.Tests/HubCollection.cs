using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Host.Tests;

/// <summary>The tests that share one Azurite and one running hub.</summary>
[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "hub";
}
