using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Domain.Tests.Identifiers;

public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919", "9434765919")]
    [InlineData("943 476 5919", "9434765919")]
    [InlineData("943-476-5919", "9434765919")]
    [InlineData("4010232137", "4010232137")]
    public void Accepts_numbers_whose_check_digit_is_right(string written, string expected)
    {
        Assert.Equal(expected, NhsNumber.Normalise(written, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("9434765918")] // last digit changed
    [InlineData("9434765910")]
    public void Refuses_a_wrong_check_digit(string written)
    {
        Assert.Null(NhsNumber.Normalise(written, out var problem));
        Assert.Contains("check digit", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("943476591")]
    [InlineData("94347659190")]
    [InlineData("94347659AB")]
    public void Refuses_anything_but_ten_digits(string written)
    {
        Assert.Null(NhsNumber.Normalise(written, out var problem));
        Assert.Contains("10 digits", problem);
    }

    [Fact]
    public void A_remainder_giving_ten_has_no_valid_check_digit()
    {
        // Weighted sum of "000000006" is 6 * 2 = 12; 12 mod 11 = 1, so the check would be 11 - 1 = 10.
        Assert.Equal(-1, NhsNumber.CheckDigit("000000006"));
        for (var last = 0; last <= 9; last++)
        {
            Assert.Null(NhsNumber.Normalise("000000006" + last, out _));
        }
    }

    [Fact]
    public void A_remainder_of_zero_gives_check_digit_zero()
    {
        // Weighted sum 0 gives 11 - 0 = 11, written as 0.
        Assert.Equal(0, NhsNumber.CheckDigit("000000000"));
    }
}
