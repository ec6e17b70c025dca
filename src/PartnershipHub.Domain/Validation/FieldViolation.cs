namespace PartnershipHub.Domain.Validation;

/// <summary>One thing wrong with one field of a request, in words a caller can act on.</summary>
/// <param name="Field">The field's path as the caller named it, e.g. <c>identifiers.nhs_number</c>.</param>
/// <param name="Description">What is wrong and what is expected.</param>
public sealed record FieldViolation(string Field, string Description);

/// <summary>Collects field violations while a request is checked, so a caller hears of all of them at once.</summary>
/// <param name="prefix">Put before every field name, e.g. <c>child.</c> when a message is nested in another.</param>
public sealed class Violations(string prefix = "")
{
    private readonly List<FieldViolation> items = [];

    /// <summary>The violations found so far.</summary>
    public IReadOnlyList<FieldViolation> Items => items;

    /// <summary>True when nothing was wrong.</summary>
    public bool IsEmpty => items.Count == 0;

    /// <summary>Records that <paramref name="field"/> is wrong.</summary>
    public void Add(string field, string description) => items.Add(new FieldViolation(prefix + field, description));

    /// <summary>Adds the violations another collector found, with their own field names.</summary>
    public void Include(Violations other) => items.AddRange(other.items);

    /// <summary>Records a violation when <paramref name="value"/> is empty or white space.</summary>
    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
        }
    }
}
