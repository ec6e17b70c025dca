using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Access;

/// <summary>Who may read the partnership's datasets: aggregates, disclosure-controlled, never case files.</summary>
public static partial class AccessPolicy
{
    private static readonly HashSet<string> BoroughStaffRoles = new(StringComparer.Ordinal)
    {
        HubRoles.MashPractitioner, HubRoles.MashManager, HubRoles.SocialWorker,
    };

    /// <summary>
    /// The partnership's analysts may read datasets of any partnership borough and of the partnership as a whole; a
    /// borough's own staff may read their own borough's. Sync services, agencies and administrators read none.
    /// </summary>
    public static AccessDecision CanReadDataset(Caller caller, IReadOnlyCollection<string> boroughs, bool includesPartnership)
    {
        if (caller.Role == HubRoles.PartnershipAnalyst)
        {
            return AccessDecision.Allow("partnership analyst: aggregates of every borough");
        }

        if (!BoroughStaffRoles.Contains(caller.Role))
        {
            return AccessDecision.Deny($"role '{caller.Role}' may not read the partnership's datasets");
        }

        if (includesPartnership)
        {
            return AccessDecision.Deny("only the partnership's analysts may read the partnership's own figures");
        }

        var other = boroughs.FirstOrDefault(b => b != caller.Organisation);
        return other is null
            ? AccessDecision.Allow($"{caller.Role} of borough {caller.Organisation}: its own aggregates")
            : AccessDecision.Deny($"organisation {caller.Organisation} may not read the datasets of borough {other}");
    }

    /// <summary>
    /// Who may read a dataset in <paramref name="mode"/>. <see cref="DisclosureMode.Publication"/> as
    /// <see cref="CanReadDataset(Caller, IReadOnlyCollection{string}, bool)"/>. <see cref="DisclosureMode.Board"/>, exact
    /// figures, only for a partnership analyst or an administrator of an organisation that is a member, on
    /// <paramref name="day"/>, of a safeguarding partnership agreement covering every borough whose children are counted
    /// (<paramref name="boroughsCounted"/>: the boroughs asked for, and every borough when the partnership's total is).
    /// </summary>
    public static AccessDecision CanReadDataset(
        Caller caller, DisclosureMode mode, IReadOnlyCollection<string> boroughs, bool includesPartnership,
        IReadOnlyCollection<string> boroughsCounted, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (mode == DisclosureMode.Publication)
        {
            return CanReadDataset(caller, boroughs, includesPartnership);
        }

        if (caller.Role is not (HubRoles.PartnershipAnalyst or HubRoles.Administrator))
        {
            return AccessDecision.Deny($"role '{caller.Role}' reads only PUBLICATION figures; BOARD figures are for the partnership's analysts and administrators");
        }

        var covered = BoardBoroughs(caller, agreements, day);
        if (covered.Count == 0)
        {
            return AccessDecision.Deny($"organisation {caller.Organisation} is not a member of a safeguarding partnership on {day:yyyy-MM-dd}, so reads only PUBLICATION figures");
        }

        var outside = boroughsCounted.FirstOrDefault(b => !covered.Contains(b));
        return outside is null
            ? AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, a member of the safeguarding partnership on {day:yyyy-MM-dd}: BOARD figures of {string.Join(", ", boroughsCounted)}")
            : AccessDecision.Deny($"borough {outside} is not in a safeguarding partnership of {caller.Organisation} on {day:yyyy-MM-dd}; its figures are PUBLICATION only");
    }

    /// <summary>
    /// The boroughs of every safeguarding partnership agreement that <paramref name="caller"/>'s organisation is a
    /// member of on <paramref name="day"/>: the boroughs whose BOARD figures it may read if its role allows.
    /// </summary>
    public static IReadOnlyList<string> BoardBoroughs(Caller caller, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        [.. agreements
            .Where(a => a.Service == SharedService.SafeguardingPartnership && a.InForceOn(day) && a.Includes(caller.Organisation))
            .SelectMany(a => a.Members)
            .Where(m => Identifiers.Borough.Find(m) is not null)
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>The boroughs a caller's dataset covers when they name none: every borough for an analyst, otherwise their own.</summary>
    public static IReadOnlyList<string> DefaultDatasetBoroughs(Caller caller, IReadOnlyList<string> partnershipBoroughs) =>
        caller.Role == HubRoles.PartnershipAnalyst ? partnershipBoroughs : [caller.Organisation];
}
