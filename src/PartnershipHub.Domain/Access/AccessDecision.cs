namespace PartnershipHub.Domain.Access;

/// <summary>The answer of the access policy, with the rule that gave it, for the audit trail.</summary>
/// <param name="Allowed">Whether the caller may go on.</param>
/// <param name="Reason">The rule that allowed or refused, in words fit for an audit record.</param>
public sealed record AccessDecision(bool Allowed, string Reason)
{
    /// <summary>An allowing decision.</summary>
    public static AccessDecision Allow(string reason) => new(true, reason);

    /// <summary>A refusing decision.</summary>
    public static AccessDecision Deny(string reason) => new(false, reason);
}
