namespace PartnershipHub.Domain.Access;

/// <summary>
/// Who did something and when the hub recorded it: kept with every rating, request, answer, decision, consent, care
/// record change and board note. People are named only by their user ids.
/// </summary>
/// <param name="Organisation">The organisation acting.</param>
/// <param name="Role">Their role.</param>
/// <param name="UserId">The person or system acting.</param>
/// <param name="At">When the hub recorded it.</param>
public sealed record RecordedBy(string Organisation, string Role, string UserId, DateTimeOffset At)
{
    /// <summary>The caller, acting at <paramref name="at"/>.</summary>
    public static RecordedBy Of(Caller caller, DateTimeOffset at) => new(caller.Organisation, caller.Role, caller.UserId, at);
}
