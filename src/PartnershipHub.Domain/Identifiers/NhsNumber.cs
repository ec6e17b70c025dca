namespace PartnershipHub.Domain.Identifiers;

/// <summary>
/// An NHS number: ten digits whose last is a modulus 11 check digit over the first nine
/// (weights 10 down to 2). Numbers whose check works out as 10 are never issued.
/// </summary>
public static class NhsNumber
{
    /// <summary>
    /// Reads an NHS number as people write it (spaces or hyphens between groups allowed) and
    /// returns its ten digits, or null with the reason when it is not a valid NHS number.
    /// </summary>
    public static string? Normalise(string input, out string? problem)
    {
        var digits = new string(input.Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            problem = "must be 10 digits.";
            return null;
        }

        if (CheckDigit(digits) != digits[9] - '0')
        {
            problem = "fails the modulus 11 check digit.";
            return null;
        }

        problem = null;
        return digits;
    }

    /// <summary>The check digit the first nine digits call for, or -1 when no valid number has them.</summary>
    public static int CheckDigit(ReadOnlySpan<char> firstNine)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (firstNine[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => 0,
            10 => -1,
            _ => check,
        };
    }
}
