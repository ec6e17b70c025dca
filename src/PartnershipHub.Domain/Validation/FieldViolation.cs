namespace PartnershipHub.Domain.Validation;

/// <summary>One thing wrong with one field of a request, in words a caller can act on.</summary>
/// <param name="Field">The field's path as the caller named it, e.g. <c>identifiers.nhs_number</c>.</param>
/// <param name="Description">What is wrong and what is expected.</param>
public sealed record FieldViolation(string Field, string Description);

/// <summary>
/// Collects field violations while a request is checked, so a caller hears of all of them at once: the first
/// <see cref="RequestLimits.ReportedViolations"/> are kept and the rest only counted, so neither the memory used nor
/// the error returned grows with the input.
/// </summary>
/// <param name="prefix">Put before every field name, e.g. <c>child.</c> when a message is nested in another.</param>
public sealed class Violations(string prefix = "")
{
    /// <summary>The field of the closing violation that counts those not listed.</summary>
    public const string MoreField = "request";

    private readonly List<FieldViolation> items = [];
    private int omitted;

    /// <summary>
    /// The violations found so far: at most <see cref="RequestLimits.ReportedViolations"/>, then, when there were
    /// more, one naming <see cref="MoreField"/> that says how many more were found.
    /// </summary>
    public IReadOnlyList<FieldViolation> Items => omitted == 0
        ? items
        : [.. items, new FieldViolation(MoreField, $"and {omitted} more violations, not listed; correct those listed and send again.")];

    /// <summary>True when nothing was wrong.</summary>
    public bool IsEmpty => items.Count == 0;

    /// <summary>How many violations were found beyond those listed.</summary>
    public int Omitted => omitted;

    /// <summary>Records that <paramref name="field"/> is wrong.</summary>
    public void Add(string field, string description)
    {
        if (items.Count < RequestLimits.ReportedViolations)
        {
            items.Add(new FieldViolation(prefix + field, description));
        }
        else
        {
            omitted++;
        }
    }

    /// <summary>Adds the violations another collector found, with their own field names.</summary>
    public void Include(Violations other)
    {
        foreach (var item in other.items)
        {
            if (items.Count < RequestLimits.ReportedViolations)
            {
                items.Add(item);
            }
            else
            {
                omitted++;
            }
        }

        omitted += other.omitted;
    }

    /// <summary>Records a violation when <paramref name="value"/> is empty or white space.</summary>
    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
        }
    }
}
