using System.Text.Json.Serialization;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;

namespace PartnershipHub.Abstractions.Care;

/// <summary>How a revision changed a care record.</summary>
[GenerateSerializer]
public enum CareChange
{
    /// <summary>The record was entered.</summary>
    Created = 0,

    /// <summary>The record was corrected or brought up to date (an end date, a review, a later outcome).</summary>
    Corrected = 1,

    /// <summary>The record was withdrawn as entered in error; it no longer counts but its history stays.</summary>
    Withdrawn = 2,
}

/// <summary>One version of a care record: what it said, how it changed, why, who changed it and when.</summary>
/// <param name="Version">1 for the first entry, then one more for each change.</param>
/// <param name="Record">What the record said from this version on; null once withdrawn.</param>
/// <param name="Change">How it changed.</param>
/// <param name="Reason">Why, as the person changing it put it.</param>
/// <param name="By">Who changed it, and when the hub recorded the change (a back-dated entry has record dates long before this).</param>
[GenerateSerializer, Alias("CareRevision")]
public sealed record CareRevision(
    [property: Id(0)] int Version,
    [property: Id(1)] CareRecord? Record,
    [property: Id(2)] CareChange Change,
    [property: Id(3)] string Reason,
    [property: Id(4)] RecordedBy By);

/// <summary>Where a record synced from a borough's case system came from, to recognise it when it is sent again.</summary>
/// <param name="Borough">The borough whose system sent it.</param>
/// <param name="SourceId">The borough's own id for the record.</param>
/// <param name="Version">The borough's version or content hash of what it sent last.</param>
[GenerateSerializer, Alias("SyncSource")]
public sealed record SyncSource(
    [property: Id(0)] string Borough,
    [property: Id(1)] string SourceId,
    [property: Id(2)] string Version);

/// <summary>A care record with every version it has had, oldest first.</summary>
/// <param name="RecordId">The hub's id for the record.</param>
/// <param name="Kind">The kind of record.</param>
/// <param name="Revisions">Every version, oldest first; never empty.</param>
/// <param name="Source">For a record a borough's case system sent: its id and version there.</param>
[GenerateSerializer, Alias("CareRecordEntry")]
public sealed record CareRecordEntry(
    [property: Id(0)] string RecordId,
    [property: Id(1)] CareRecordKind Kind,
    [property: Id(2)] IReadOnlyList<CareRevision> Revisions,
    [property: Id(3)] SyncSource? Source = null)
{
    /// <summary>The latest version.</summary>
    [JsonIgnore]
    public CareRevision Latest => Revisions[^1];

    /// <summary>What the record says now; null when withdrawn.</summary>
    [JsonIgnore]
    public CareRecord? Current => Latest.Record;

    /// <summary>The record's version, to send back with a correction.</summary>
    [JsonIgnore]
    public int Version => Latest.Version;

    /// <summary>This entry with one more version.</summary>
    public CareRecordEntry With(CareRecord? record, CareChange change, string reason, RecordedBy by) =>
        this with { Revisions = [.. Revisions, new CareRevision(Version + 1, record, change, reason, by)] };
}

/// <summary>A child's care record as a practitioner reads it: the records that stand, and what they add up to.</summary>
/// <param name="Child">The child's registration.</param>
/// <param name="Records">The records that stand (not withdrawn), in date order.</param>
/// <param name="Summary">Timescales, the plan and the period of care in force, and the other facts worked out on the day.</param>
[GenerateSerializer, Alias("ChildCareRecord")]
public sealed record ChildCareRecord(
    [property: Id(0)] ChildRecord Child,
    [property: Id(1)] IReadOnlyList<CareRecordEntry> Records,
    [property: Id(2)] CareSummary Summary);
