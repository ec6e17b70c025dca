using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Grpc;

/// <summary>Checks shared by the API's request validation: free text, ids and organisation codes.</summary>
public static class FieldChecks
{
    /// <summary>Text of 1 to <paramref name="maxLength"/> characters (line breaks and tabs allowed); returns it trimmed.</summary>
    public static string RequiredText(Violations violations, string field, string value, int maxLength)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            violations.Add(field, $"is required (1 to {maxLength} characters).");
        }
        else
        {
            CheckText(violations, field, text, maxLength);
        }

        return text;
    }

    /// <summary>Optional text of at most <paramref name="maxLength"/> characters; returns it trimmed.</summary>
    public static string OptionalText(Violations violations, string field, string value, int maxLength)
    {
        var text = value.Trim();
        CheckText(violations, field, text, maxLength);
        return text;
    }

    /// <summary>
    /// An organisation code: an ONS code for a borough, an ODS code or a named code for an agency. 2 to 32 letters,
    /// digits and hyphens, e.g. <c>met-police</c> or <c>RV3</c>.
    /// </summary>
    public static void OrganisationCode(Violations violations, string field, string code)
    {
        if (code.Length is < 2 or > 32 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            violations.Add(field, "must be an organisation code: 2 to 32 letters, digits and hyphens, e.g. met-police.");
        }
    }

    /// <summary>A hub id (child, contact, request): 32 lower-case hexadecimal characters.</summary>
    public static void HubId(Violations violations, string field, string id)
    {
        if (id.Length != 32 || id.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)))
        {
            violations.Add(field, "must be a hub id: 32 lower-case hexadecimal characters.");
        }
    }

    /// <summary>An optional case reference of up to 64 printable characters; null when empty.</summary>
    public static string? CaseReference(Violations violations, string field, string value, bool required = false)
    {
        if (required && value.Length == 0)
        {
            violations.Add(field, "is required: the case or enquiry reference this access is for (1 to 64 printable characters).");
            return null;
        }

        if (value.Length > 64 || value.Any(char.IsControl))
        {
            violations.Add(field, "must be at most 64 printable characters.");
        }

        return value.Length > 0 ? value : null;
    }

    /// <summary>Up to <paramref name="maxItems"/> items of text, each 1 to <paramref name="maxLength"/> characters; returns them trimmed.</summary>
    public static IReadOnlyList<string> TextList(Violations violations, string field, IReadOnlyList<string> values, int maxItems, int maxLength)
    {
        if (values.Count > maxItems)
        {
            violations.Add(field, $"must have at most {maxItems} items.");
        }

        return [.. values.Select((value, i) => RequiredText(violations, $"{field}[{i}]", value, maxLength))];
    }

    /// <summary>Up to 30 organisation codes; returns them trimmed.</summary>
    public static IReadOnlyList<string> OrganisationCodes(Violations violations, string field, IReadOnlyList<string> values)
    {
        var codes = values.Select(v => v.Trim()).ToList();
        if (codes.Count > 30)
        {
            violations.Add(field, "must have at most 30 items.");
        }

        for (var i = 0; i < codes.Count; i++)
        {
            OrganisationCode(violations, $"{field}[{i}]", codes[i]);
        }

        return codes;
    }

    /// <summary>Throws INVALID_ARGUMENT listing every violation, if there are any.</summary>
    public static void ThrowIfAny(Violations violations)
    {
        if (!violations.IsEmpty)
        {
            throw RpcErrors.InvalidArgument(violations.Items);
        }
    }

    private static void CheckText(Violations violations, string field, string text, int maxLength)
    {
        if (text.Length > maxLength)
        {
            violations.Add(field, $"must be at most {maxLength} characters.");
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            violations.Add(field, "must not contain control characters.");
        }
    }
}
