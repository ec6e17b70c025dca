namespace PartnershipHub.Abstractions;

/// <summary>How a call on a grain ended.</summary>
[GenerateSerializer, Alias("CallStatus")]
public enum CallStatus
{
    /// <summary>Done; the value is returned.</summary>
    Done = 0,

    /// <summary>Nothing has the id the request named (a child, contact, record, household...).</summary>
    NotFound = 1,

    /// <summary>The access policy refused the caller; nothing was changed.</summary>
    Denied = 2,

    /// <summary>A field is wrong for this record (e.g. a decision dated before the contact); nothing was changed.</summary>
    Invalid = 3,

    /// <summary>The record is not in a state that allows the call (e.g. already decided); nothing was changed.</summary>
    Conflict = 4,

    /// <summary>The caller changed an older version of the record than the one stored; nothing was changed.</summary>
    Stale = 5,
}

/// <summary>The result of a call on a grain: the value, or why there is none, for the API to audit and answer with.</summary>
/// <typeparam name="T">What a successful call returns.</typeparam>
/// <param name="Status">How it ended.</param>
/// <param name="Value">The result, when done.</param>
/// <param name="Reason">For the caller and the audit trail: the policy's rule or what is wrong.</param>
/// <param name="Field">For <see cref="CallStatus.Invalid"/> and <see cref="CallStatus.NotFound"/>: the request field at fault.</param>
[GenerateSerializer, Alias("CallResult`1")]
public sealed record CallResult<T>(
    [property: Id(0)] CallStatus Status,
    [property: Id(1)] T? Value,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? Field = null)
{
    /// <summary>A successful result.</summary>
    public static CallResult<T> Done(T value, string reason) => new(CallStatus.Done, value, reason);

    /// <summary>A refusal of the caller.</summary>
    public static CallResult<T> Denied(string reason) => new(CallStatus.Denied, default, reason);

    /// <summary>A field that is wrong for this record.</summary>
    public static CallResult<T> Invalid(string field, string reason) => new(CallStatus.Invalid, default, reason, field);

    /// <summary>Nothing has the id in <paramref name="field"/>.</summary>
    public static CallResult<T> NotFound(string field, string reason) => new(CallStatus.NotFound, default, reason, field);

    /// <summary>The caller's version of the record is not the stored one.</summary>
    public static CallResult<T> Stale(string reason) => new(CallStatus.Stale, default, reason);

    /// <summary>The record's state does not allow the call.</summary>
    public static CallResult<T> Conflict(string reason) => new(CallStatus.Conflict, default, reason);
}
