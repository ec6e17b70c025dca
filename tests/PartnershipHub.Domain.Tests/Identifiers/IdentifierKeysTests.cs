using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Domain.Tests.Identifiers;

public sealed class IdentifierKeysTests
{
    private static readonly IdentifierKeys Keys = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void The_key_is_stable_and_never_contains_the_identifier()
    {
        var key = Keys.ForNhsNumber("9434765919");
        Assert.Equal(key, Keys.ForNhsNumber("9434765919"));
        Assert.DoesNotContain("9434765919", key);
        Assert.StartsWith("nhs-", key);
    }

    [Fact]
    public void Kinds_and_secrets_keep_keys_apart()
    {
        Assert.NotEqual(Keys.ForBoroughCaseId("E09000033", "123"), Keys.ForBoroughCaseId("E09000020", "123"));
        var otherSecret = new IdentifierKeys(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.NotEqual(Keys.ForNhsNumber("9434765919"), otherSecret.ForNhsNumber("9434765919"));
    }

    [Fact]
    public void A_short_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new IdentifierKeys(new byte[16]));
    }
}
