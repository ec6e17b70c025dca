namespace PartnershipHub.Domain.Identifiers;

/// <summary>
/// A unique pupil number (UPN) as schools record it: a letter, eleven digits, then a digit or a letter
/// (a letter there marks a temporary UPN).
/// </summary>
public static class UniquePupilNumber
{
    /// <summary>Returns the UPN in upper case, or null with the reason when its format is wrong.</summary>
    public static string? Normalise(string input, out string? problem)
    {
        var upn = input.Trim().ToUpperInvariant();
        var valid = upn.Length == 13
            && char.IsAsciiLetterUpper(upn[0])
            && upn.AsSpan(1, 11).IndexOfAnyExceptInRange('0', '9') < 0
            && (char.IsAsciiDigit(upn[12]) || char.IsAsciiLetterUpper(upn[12]));
        problem = valid ? null : "must be a letter, 11 digits, then a digit or a letter (13 characters).";
        return valid ? upn : null;
    }
}
