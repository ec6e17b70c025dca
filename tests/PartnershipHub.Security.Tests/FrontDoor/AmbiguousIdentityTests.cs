using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>
/// An insider whose token is signed by the hub's own key tries to be two callers at once: a claim naming the
/// organisation, role or user twice, or as a list, hoping the hub reads the value it prefers. The hub refuses the
/// token as a whole.
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class AmbiguousIdentityTests(HubFixture fixture)
{
    private const string Identity = """ "org": "E09000033", "role": "mash-practitioner", "sub": "jo.bloggs" """;

    [Theory]
    [InlineData("""{ "org": "E09000009", "org": "E09000033", "role": "mash-practitioner", "sub": "jo.bloggs" }""")]
    [InlineData("""{ "org": "E09000033", "role": "mash-practitioner", "role": "administrator", "sub": "jo.bloggs" }""")]
    [InlineData("""{ "org": "E09000033", "role": "mash-practitioner", "sub": "jo.bloggs", "sub": "someone.else" }""")]
    [InlineData("""{ "org": ["E09000009", "E09000033"], "role": "mash-practitioner", "sub": "jo.bloggs" }""")]
    [InlineData("""{ "org": "E09000033", "role": ["administrator"], "sub": "jo.bloggs" }""")]
    [InlineData("""{ "org": "E09000033", "role": "mash-practitioner", "sub": ["jo.bloggs", "someone.else"] }""")]
    [InlineData("""{ "org": "E09000033", "role": "mash-practitioner", "sub": { "id": "jo.bloggs" } }""")]
    public async Task A_token_naming_its_caller_twice_or_as_a_list_is_unauthenticated(string claims)
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => ListAgreements(claims));

        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
    }

    [Fact]
    public async Task The_same_token_naming_its_caller_once_is_accepted()
    {
        Assert.NotEmpty(await ListAgreements("{" + Identity + "}"));
    }

    private async Task<IReadOnlyList<Agreement>> ListAgreements(string identityClaims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = identityClaims.TrimEnd().TrimEnd('}') +
            $$""", "iss": "{{LocalSigningKey.Issuer}}", "aud": "{{LocalSigningKey.DefaultAudience}}", "iat": {{now}}, "nbf": {{now}}, "exp": {{now + 600}} }""";
        using var key = LocalSigningKey.Load(LocalSigningKey.PathIn(fixture.Hub.DataFolder));
        var signing = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256)
        {
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        var token = new JsonWebTokenHandler().CreateToken(payload, signing);
        using var channel = fixture.Hub.Channel();
        var reply = await new PartnershipService.PartnershipServiceClient(channel).ListAgreementsAsync(
            new ListAgreementsRequest(), new Metadata { { "authorization", "Bearer " + token } });
        return reply.Agreements;
    }
}
