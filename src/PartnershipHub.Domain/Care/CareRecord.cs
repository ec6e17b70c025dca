using System.Text.Json.Serialization;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Care;

/// <summary>The kinds of record a child's care record holds (domain.md section 2, steps 5 to 13).</summary>
public enum CareRecordKind
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>A referral to children's social care.</summary>
    Referral = 1,

    /// <summary>A single assessment.</summary>
    Assessment = 2,

    /// <summary>A strategy discussion and the Section 47 enquiry it starts.</summary>
    Section47Enquiry = 3,

    /// <summary>An initial child protection conference.</summary>
    Conference = 4,

    /// <summary>A child protection or child in need plan.</summary>
    Plan = 5,

    /// <summary>An episode of care (SSDA903 semantics).</summary>
    CareEpisode = 6,

    /// <summary>A looked-after review chaired by the independent reviewing officer.</summary>
    CareReview = 7,

    /// <summary>A missing episode, with its return home interview.</summary>
    MissingEpisode = 8,

    /// <summary>The police child sexual exploitation risk category from a date.</summary>
    CseRisk = 9,

    /// <summary>A milestone of the child's adoption.</summary>
    AdoptionMilestone = 10,

    /// <summary>A care leaver's status on a date.</summary>
    CareLeaverStatus = 11,
}

/// <summary>
/// One record of a child's care. Each kind checks itself against the statutory returns' rules (dates in order, codes
/// from the published lists); <see cref="CareRecordRules"/> checks it against the child's other records. Field names
/// in violations are those of the API's messages.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(Referral), "referral")]
[JsonDerivedType(typeof(Assessment), "assessment")]
[JsonDerivedType(typeof(Section47Enquiry), "section-47")]
[JsonDerivedType(typeof(Conference), "conference")]
[JsonDerivedType(typeof(Plan), "plan")]
[JsonDerivedType(typeof(CareEpisode), "care-episode")]
[JsonDerivedType(typeof(CareReview), "care-review")]
[JsonDerivedType(typeof(MissingEpisode), "missing-episode")]
[JsonDerivedType(typeof(CseRisk), "cse-risk")]
[JsonDerivedType(typeof(AdoptionMilestone), "adoption-milestone")]
[JsonDerivedType(typeof(CareLeaverStatus), "care-leaver-status")]
public abstract record CareRecord
{
    /// <summary>The kind of record.</summary>
    [JsonIgnore]
    public abstract CareRecordKind Kind { get; }

    /// <summary>The day the record starts or happened on, to order a child's records.</summary>
    [JsonIgnore]
    public abstract DateOnly Date { get; }

    /// <summary>
    /// The days the record covers, when records of its kind must not overlap (episodes, plans, missing episodes);
    /// null for records that are events.
    /// </summary>
    [JsonIgnore]
    public virtual DatedPeriod? Period => null;

    /// <summary>Records whose periods must not overlap share this group (e.g. child protection plans, not child in need plans).</summary>
    [JsonIgnore]
    public virtual string OverlapGroup => Kind.ToString();

    /// <summary>Checks the record on its own: dates in order, codes known, required fields present.</summary>
    public abstract void Check(Violations violations);

    /// <summary>Checks <paramref name="code"/> is on <paramref name="list"/>.</summary>
    protected static void CheckCode(Violations violations, string field, string code, CodeLists.CodeList list)
    {
        if (!list.IsKnown(code))
        {
            violations.Add(field, list.Expected);
        }
    }

    /// <summary>Checks <paramref name="later"/> is not before <paramref name="earlier"/>.</summary>
    protected static void CheckNotBefore(Violations violations, string field, DateOnly? later, DateOnly earlier, string earlierName)
    {
        if (later < earlier)
        {
            violations.Add(field, $"is before the {earlierName} ({earlier:yyyy-MM-dd}).");
        }
    }
}
