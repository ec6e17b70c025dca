using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Domain.Access;

/// <summary>
/// The shared-services rules of the access policy (domain sections 1, 2 and 4): children's care records, foster
/// households, adopters and private fostering. Partnership agreements in force on the day of the access decide
/// what a partner borough may do.
/// </summary>
public static partial class AccessPolicy
{
    private static readonly HashSet<string> CareRecordingRoles = new(StringComparer.Ordinal)
    {
        HubRoles.SocialWorker, HubRoles.BoroughSync,
    };

    private static readonly HashSet<string> SocialWorkers = new(StringComparer.Ordinal) { HubRoles.SocialWorker };

    /// <summary>The purposes for which a child's care record may be read, and the shared service each belongs to.</summary>
    private static readonly Dictionary<AccessPurpose, SharedService> CarePurposes = new()
    {
        [AccessPurpose.CaseManagement] = SharedService.None,
        [AccessPurpose.CaseSync] = SharedService.None,
        [AccessPurpose.Section47] = SharedService.None,
        [AccessPurpose.CarePlanning] = SharedService.None,
        [AccessPurpose.FosteringMatching] = SharedService.Fostering,
        [AccessPurpose.AdoptionMatching] = SharedService.Adoption,
    };

    /// <summary>
    /// A child's care records (referrals, assessments, Section 47 enquiries, conferences, plans, episodes of care,
    /// reviews, missing episodes, adoption milestones, care leaver status) are written by the responsible
    /// borough's social workers and its sync service.
    /// </summary>
    public static AccessDecision CanRecordCare(Caller caller, string responsibleBorough) =>
        IsStaffOf(caller, CareRecordingRoles, responsibleBorough, "record care for a child of");

    /// <summary>
    /// A child's care record is read by the responsible borough's social workers and sync service for any care
    /// purpose; a partner borough's social workers read it only for fostering or adoption matching, and only when
    /// their borough shares that service with the responsible borough under an agreement in force on
    /// <paramref name="day"/>.
    /// </summary>
    public static AccessDecision CanReadCareRecord(
        Caller caller, string responsibleBorough, AccessPurpose purpose, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        if (!CarePurposes.TryGetValue(purpose, out var service))
        {
            return AccessDecision.Deny($"'{purpose.Name()}' is not a purpose for which a care record is read");
        }

        var own = IsStaffOf(caller, CareRecordingRoles, responsibleBorough, "read the care record of a child of");
        if (own.Allowed || service == SharedService.None || caller.Role != HubRoles.SocialWorker)
        {
            return own;
        }

        return PartnershipAgreements.Share(agreements, service, caller.Organisation, responsibleBorough, day)
            ? AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, sharing {service} with {responsibleBorough} on {day:yyyy-MM-dd}, for {purpose.Name()}")
            : AccessDecision.Deny($"organisation {caller.Organisation} does not share {service} with {responsibleBorough} on {day:yyyy-MM-dd}");
    }

    /// <summary>A foster household or adopter is managed by the social workers of the borough that approved it.</summary>
    public static AccessDecision CanManageCarers(Caller caller, string approvingBorough) =>
        IsStaffOf(caller, SocialWorkers, approvingBorough, "manage carers approved by");

    /// <summary>
    /// The boroughs whose foster households a caller may search on <paramref name="day"/>: for a social worker,
    /// their own borough and every borough sharing fostering with it that day; for anyone else, none.
    /// </summary>
    public static IReadOnlySet<string> FosteringSearchScope(Caller caller, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        SearchScope(caller, SharedService.Fostering, agreements, day);

    /// <summary>
    /// The approving boroughs whose waiting adopters a caller may search on <paramref name="day"/>: for a social
    /// worker, their own borough and every borough sharing adoption with it that day; for anyone else, none. The
    /// adoption partnership is not the fostering one (Hammersmith and Fulham's adoption is regional since October 2019).
    /// </summary>
    public static IReadOnlySet<string> AdoptionSearchScope(Caller caller, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        SearchScope(caller, SharedService.Adoption, agreements, day);

    /// <summary>
    /// An adopter household is read by the social workers of its approving borough, and by social workers of a
    /// borough sharing adoption with it on <paramref name="day"/>, who consider it for their children.
    /// </summary>
    public static AccessDecision CanViewAdopter(Caller caller, string approvingBorough, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        var own = CanManageCarers(caller, approvingBorough);
        if (own.Allowed || !AdoptionSearchScope(caller, agreements, day).Contains(approvingBorough))
        {
            return own;
        }

        return AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, sharing {SharedService.Adoption} with {approvingBorough} on {day:yyyy-MM-dd}");
    }

    /// <summary>
    /// A child is placed with, matched with or moved to carers of another borough by a social worker of the
    /// child's responsible borough, when the carers' approving borough shares <paramref name="service"/>
    /// (fostering or adoption) with it on <paramref name="day"/>.
    /// </summary>
    public static AccessDecision CanPlaceWithCarers(
        Caller caller, string childBorough, string carersBorough, SharedService service, IEnumerable<PartnershipAgreement> agreements, DateOnly day)
    {
        var own = IsStaffOf(caller, SocialWorkers, childBorough, "place a child of");
        if (!own.Allowed)
        {
            return own;
        }

        return PartnershipAgreements.Share(agreements, service, carersBorough, childBorough, day)
            ? AccessDecision.Allow($"{childBorough} shares {service} with {carersBorough} on {day:yyyy-MM-dd}")
            : AccessDecision.Deny($"{childBorough} does not share {service} with {carersBorough} on {day:yyyy-MM-dd}");
    }

    /// <summary>
    /// A placement with carers ends on the word of the child's responsible borough or of the carers' approving
    /// borough, whatever the agreements say that day: a child must be able to leave a household after the two
    /// boroughs stop sharing the service.
    /// </summary>
    public static AccessDecision CanEndPlacementWithCarers(Caller caller, string childBorough, string carersBorough)
    {
        var childs = IsStaffOf(caller, SocialWorkers, childBorough, "end a placement of a child of");
        return childs.Allowed ? childs : CanManageCarers(caller, carersBorough);
    }

    /// <summary>A borough's social workers record and read the private fostering notifications made to their borough.</summary>
    public static AccessDecision CanHandlePrivateFostering(Caller caller, string borough) =>
        IsStaffOf(caller, SocialWorkers, borough, "handle private fostering notifications of");

    /// <summary>
    /// Only a borough's sync service pushes its case system's changes; each record is then checked against
    /// <see cref="CanRecordCare"/> for the child it is about.
    /// </summary>
    public static AccessDecision CanSyncCaseSystem(Caller caller) =>
        caller.Role == HubRoles.BoroughSync
            ? AccessDecision.Allow($"{HubRoles.BoroughSync} of {caller.Organisation}")
            : AccessDecision.Deny($"role '{caller.Role}' does not sync a case system; a {HubRoles.BoroughSync} service does");

    /// <summary>The care records a partner borough's sync service writes and follows, and the shared service that lets it.</summary>
    private static readonly Dictionary<CareRecordKind, SharedService> PartnersRecords = new()
    {
        [CareRecordKind.CareEpisode] = SharedService.Fostering,
        [CareRecordKind.AdoptionMilestone] = SharedService.Adoption,
    };

    /// <summary>
    /// The boroughs whose change feeds a borough's sync service follows: its own, and every borough it has shared
    /// fostering or adoption with under any agreement, past or present (what it may see of them is decided change by
    /// change, on the day, by <see cref="CanWatchChange"/>).
    /// </summary>
    public static IReadOnlySet<string> WatchedBoroughs(Caller caller, IEnumerable<PartnershipAgreement> agreements)
    {
        var boroughs = new HashSet<string>(StringComparer.Ordinal) { caller.Organisation };
        foreach (var agreement in agreements.Where(a => PartnersRecords.ContainsValue(a.Service) && a.Includes(caller.Organisation)))
        {
            boroughs.UnionWith(agreement.Members);
        }

        return boroughs;
    }

    /// <summary>
    /// Whether a borough's sync service, watching changes, sees a change to a child of
    /// <paramref name="responsibleBorough"/>: every change to its own borough's children; of a partner borough's
    /// children, only episodes of care (the fostering service's placements) while the two share fostering on
    /// <paramref name="day"/>, and adoption milestones while they share adoption — never the child's details.
    /// <paramref name="kind"/> is null for a change to the child's details.
    /// </summary>
    public static AccessDecision CanWatchChange(
        Caller caller, string responsibleBorough, CareRecordKind? kind, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        OwnOrSharedServiceRecord(caller, responsibleBorough, kind, agreements, day, "follow");

    /// <summary>
    /// Whether a borough's sync service may write a care record of <paramref name="kind"/> for a child of
    /// <paramref name="responsibleBorough"/>: any record of its own borough's children; of a partner borough's
    /// children, only what the service they share on <paramref name="day"/> records (episodes of care for fostering,
    /// adoption milestones for adoption).
    /// </summary>
    public static AccessDecision CanSyncCareRecord(
        Caller caller, string responsibleBorough, CareRecordKind kind, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        OwnOrSharedServiceRecord(caller, responsibleBorough, kind, agreements, day, "write");

    private static AccessDecision OwnOrSharedServiceRecord(
        Caller caller, string responsibleBorough, CareRecordKind? kind, IEnumerable<PartnershipAgreement> agreements, DateOnly day, string action)
    {
        var sync = CanSyncCaseSystem(caller);
        if (!sync.Allowed || caller.Organisation == responsibleBorough)
        {
            return sync;
        }

        if (kind is not { } recordKind || !PartnersRecords.TryGetValue(recordKind, out var service))
        {
            return AccessDecision.Deny($"organisation {caller.Organisation} may not {action} this part of the records of {responsibleBorough}'s children");
        }

        return PartnershipAgreements.Share(agreements, service, caller.Organisation, responsibleBorough, day)
            ? AccessDecision.Allow($"{caller.Role} of {caller.Organisation}, sharing {service} with {responsibleBorough} on {day:yyyy-MM-dd}")
            : AccessDecision.Deny($"organisation {caller.Organisation} does not share {service} with {responsibleBorough} on {day:yyyy-MM-dd}");
    }

    /// <summary>A social worker's own borough and every borough sharing <paramref name="service"/> with it on <paramref name="day"/>.</summary>
    private static HashSet<string> SearchScope(Caller caller, SharedService service, IEnumerable<PartnershipAgreement> agreements, DateOnly day) =>
        caller.Role != HubRoles.SocialWorker
            ? new HashSet<string>(StringComparer.Ordinal)
            : agreements
                .Where(a => a.Service == service && a.InForceOn(day) && a.Includes(caller.Organisation))
                .SelectMany(a => a.Members)
                .Append(caller.Organisation)
                .ToHashSet(StringComparer.Ordinal);
}
