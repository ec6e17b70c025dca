using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Domain.Tests.Identifiers;

public sealed class UniquePupilNumberTests
{
    [Theory]
    [InlineData("A12345678901B", "A12345678901B")] // temporary UPN: ends in a letter
    [InlineData("h801200001001", "H801200001001")]
    [InlineData(" H801200001001 ", "H801200001001")]
    public void Accepts_a_letter_eleven_digits_and_a_digit_or_letter(string written, string expected)
    {
        Assert.Equal(expected, UniquePupilNumber.Normalise(written, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("112345678901B")] // starts with a digit
    [InlineData("A1234567890B1")] // letter inside the digits
    [InlineData("A12345678901")] // too short
    [InlineData("A12345678901BC")] // too long
    [InlineData("A12345678901-")]
    public void Refuses_other_shapes(string written)
    {
        Assert.Null(UniquePupilNumber.Normalise(written, out var problem));
        Assert.Contains("13 characters", problem);
    }
}
