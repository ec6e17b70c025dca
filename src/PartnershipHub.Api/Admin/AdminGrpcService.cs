using PartnershipHub.Abstractions.Audit;
using Grpc.Core;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Identifiers;
using V1 = PartnershipHub.Contracts.Admin.V1;

namespace PartnershipHub.Api.Admin;

/// <summary>
/// The administrators' checks of the hub as a whole: each call is allowed to administrators only and recorded in the
/// caller's organisation's trail, refusals too.
/// </summary>
public sealed class AdminGrpcService(IGrainFactory grains, AuditWriter audit) : V1.AdminService.AdminServiceBase
{
    private const string CheckAction = "admin.derived.check";
    private const int ListedDifferences = 200;
    private const string RosterPrefix = "roster/";
    private static readonly IReadOnlyList<string> PartnershipBoroughs = [.. Borough.All.Select(b => b.Code)];

    /// <inheritdoc />
    public override async Task<V1.CheckDerivedStructuresResponse> CheckDerivedStructures(V1.CheckDerivedStructuresRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var subject = AuditSubjects.Organisation(caller.Organisation);
        var access = AccessPolicy.CanAdminister(caller);
        if (!access.Allowed)
        {
            await audit.Record(subject, CheckAction, caller, "administration", null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var check = await DerivedStructuresCheck.Run(grains, PartnershipBoroughs, caller, context.CancellationToken);
        var mended = request.Repair ? await DerivedStructuresCheck.Repair(check.Differences) : [];
        var changed = mended.Where(m => m.Changed > 0).ToDictionary<MendedDifference, DerivedDifference, int>(m => m.Difference, m => m.Changed, ReferenceEqualityComparer.Instance);

        // A roster only ever grows but for this repair: the listings taken off are recorded in the borough's trail,
        // and only those (a listing gone by the time the repair came to it is not).
        foreach (var (removed, count) in changed.Where(m => m.Key.Structure.StartsWith(RosterPrefix, StringComparison.Ordinal) && m.Key.Problem != "missing"))
        {
            await audit.Record(AuditSubjects.Borough(removed.Structure[RosterPrefix.Length..]), "admin.roster.remove", caller, "administration", null, "done",
                $"child {removed.ChildId} taken off the roster: {removed.Problem}, {count} listing(s) taken off");
        }

        await audit.Record(subject, CheckAction, caller, "administration", null, "done",
            $"{check.Children} children, {check.Differences.Count} differences, {changed.Count} repaired, {check.Undelivered} follow-ups undelivered");
        var response = new V1.CheckDerivedStructuresResponse { Children = check.Children, DifferenceCount = check.Differences.Count, Undelivered = check.Undelivered };
        response.Differences.AddRange(check.Differences.Take(ListedDifferences).Select(d => new V1.DerivedDifference
        {
            Structure = d.Structure,
            ChildId = d.ChildId,
            Item = d.Item,
            Problem = d.Problem,
            Repaired = changed.ContainsKey(d),
        }));
        return response;
    }
}
