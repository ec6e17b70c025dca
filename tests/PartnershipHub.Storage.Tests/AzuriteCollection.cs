using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

/// <summary>One Azurite for every test that needs storage; each test isolates itself with its own table.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
