using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Grpc;

/// <summary>
/// Checks shared by the API's request validation: free text, labels (names, references, codes), ids and organisation
/// codes. What text may hold is decided once, in <see cref="TextRules"/>.
/// </summary>
public static class FieldChecks
{
    /// <summary>Free text of 1 to <paramref name="maxLength"/> characters (line breaks and tabs allowed); returns it trimmed and normalised.</summary>
    public static string RequiredText(Violations violations, string field, string value, int maxLength) =>
        Text(violations, field, value, maxLength, required: true, TextRules.FreeText);

    /// <summary>Optional free text of at most <paramref name="maxLength"/> characters; returns it trimmed and normalised.</summary>
    public static string OptionalText(Violations violations, string field, string value, int maxLength) =>
        Text(violations, field, value, maxLength, required: false, TextRules.FreeText);

    /// <summary>
    /// A label (a name, reference, identifier, code or title) of 1 to <paramref name="maxLength"/> characters, with
    /// nothing invisible in it; returns it trimmed and normalised.
    /// </summary>
    public static string RequiredLabel(Violations violations, string field, string value, int maxLength) =>
        Text(violations, field, value, maxLength, required: true, TextRules.Label);

    /// <summary>An optional label of at most <paramref name="maxLength"/> characters; returns it trimmed and normalised.</summary>
    public static string OptionalLabel(Violations violations, string field, string value, int maxLength) =>
        Text(violations, field, value, maxLength, required: false, TextRules.Label);

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

    /// <summary>An optional case reference, a label of up to 64 characters; null when empty.</summary>
    public static string? CaseReference(Violations violations, string field, string value, bool required = false)
    {
        if (required && value.Length == 0)
        {
            violations.Add(field, "is required: the case or enquiry reference this access is for (1 to 64 printable characters).");
            return null;
        }

        var reference = OptionalLabel(violations, field, value, 64);
        return reference.Length > 0 ? reference : null;
    }

    /// <summary>
    /// Up to <paramref name="maxItems"/> labels, each 1 to <paramref name="maxLength"/> characters; returns them
    /// trimmed. Nothing is checked item by item when there are too many.
    /// </summary>
    public static IReadOnlyList<string> LabelList(Violations violations, string field, IReadOnlyList<string> values, int maxItems, int maxLength)
    {
        if (values.Count > maxItems)
        {
            violations.Add(field, $"must have at most {maxItems} items.");
            return [];
        }

        return [.. values.Select((value, i) => RequiredLabel(violations, $"{field}[{i}]", value, maxLength))];
    }

    /// <summary>
    /// Up to <see cref="RequestLimits.Organisations"/> distinct organisation codes, or <paramref name="maxItems"/>;
    /// returns them trimmed. Checked in one pass; nothing item by item when there are too many.
    /// </summary>
    public static IReadOnlyList<string> OrganisationCodes(Violations violations, string field, IReadOnlyList<string> values, int maxItems = RequestLimits.Organisations)
    {
        if (values.Count > maxItems)
        {
            violations.Add(field, $"must have at most {maxItems} items.");
            return [];
        }

        var codes = new List<string>(values.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var code = values[i].Trim();
            OrganisationCode(violations, $"{field}[{i}]", code);
            if (!seen.Add(code))
            {
                violations.Add($"{field}[{i}]", "appears twice.");
            }

            codes.Add(code);
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

    /// <summary>A text rule of <see cref="TextRules"/>: the normalised text, or null and why not.</summary>
    private delegate string? TextRule(string value, out string? problem);

    private static string Text(Violations violations, string field, string value, int maxLength, bool required, TextRule rule)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                violations.Add(field, $"is required (1 to {maxLength} characters).");
            }

            return text;
        }

        if (text.Length > maxLength)
        {
            violations.Add(field, $"must be at most {maxLength} characters.");
            return text;
        }

        var normalised = rule(text, out var problem);
        if (normalised is null)
        {
            violations.Add(field, problem!);
            return text;
        }

        return normalised;
    }
}
