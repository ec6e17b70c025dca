using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Access;

/// <summary>
/// The safeguarding partnership board's rules (domain sections 1 and 5): its trackers of actions, case-review and
/// audit recommendations, and meeting attendance. These are partnership-level records, not child-level data.
/// </summary>
public static partial class AccessPolicy
{
    /// <summary>
    /// The roles of an organisation's staff who report on the actions assigned to their organisation. A sync service
    /// is a machine and reports on nothing.
    /// </summary>
    private static readonly HashSet<string> BoardReportingRoles = new(StringComparer.Ordinal)
    {
        HubRoles.MashPractitioner, HubRoles.MashManager, HubRoles.SocialWorker, HubRoles.AgencyResponder, HubRoles.PartnershipAnalyst,
    };

    /// <summary>
    /// The board's trackers are managed (items and meetings created, statuses decided, attendance recorded, everything
    /// read) by an administrator, or by a partnership analyst of an organisation that is a member, on
    /// <paramref name="day"/>, of the safeguarding partnership agreement whose id is <paramref name="board"/>.
    /// </summary>
    public static AccessDecision CanManageBoard(Caller caller, string board, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (caller.Role == HubRoles.Administrator)
        {
            return AccessDecision.Allow("administrator");
        }

        if (caller.Role != HubRoles.PartnershipAnalyst)
        {
            return AccessDecision.Deny($"role '{caller.Role}' does not manage the board's trackers; a {HubRoles.PartnershipAnalyst} of the partnership does");
        }

        return agreements.Any(a => a.Id == board && a.Service == SharedService.SafeguardingPartnership && a.InForceOn(day) && a.Includes(caller.Organisation))
            ? AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, a member of safeguarding partnership {board} on {day:yyyy-MM-dd}")
            : AccessDecision.Deny($"organisation {caller.Organisation} is not a member of safeguarding partnership {board} on {day:yyyy-MM-dd}");
    }

    /// <summary>
    /// An action or recommendation assigned to an organisation is read, and has evidence, progress and impact added
    /// and work started, by that organisation's staff as well as by those who manage the board.
    /// </summary>
    public static AccessDecision CanReportOnBoardItem(
        Caller caller, string board, string assignedTo, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        var manager = CanManageBoard(caller, board, agreements, day);
        if (manager.Allowed)
        {
            return manager;
        }

        if (!BoardReportingRoles.Contains(caller.Role))
        {
            return AccessDecision.Deny($"role '{caller.Role}' does not report on the board's actions");
        }

        return caller.Organisation == assignedTo
            ? AccessDecision.Allow($"{caller.Role} of {assignedTo}, to which the item is assigned")
            : AccessDecision.Deny($"the item is assigned to another organisation, not {caller.Organisation}");
    }

    /// <summary>
    /// The assigned organisation's staff say when work has started; only those who manage the board decide that an
    /// item is done or dropped, having seen the evidence.
    /// </summary>
    public static AccessDecision CanChangeBoardItemStatus(
        Caller caller, string board, string assignedTo, BoardItemStatus to, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        to == BoardItemStatus.InProgress
            ? CanReportOnBoardItem(caller, board, assignedTo, agreements, day)
            : CanManageBoard(caller, board, agreements, day);
}
