using System.Globalization;
using Grpc.Core;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Api.Datasets;

/// <summary>
/// The datasets API: validates each request field by field, applies the access policy, reads the boroughs' totals
/// (never a child's record) and returns disclosure-controlled cells. Administrators load population estimates and
/// run the full recomputation check; both are audited. The partnership's minimised child-level extracts are in
/// DatasetGrpcService.Extracts.cs.
/// </summary>
public sealed partial class DatasetGrpcService(IGrainFactory grains, AuditWriter audit, DatasetReader reader)
    : V1.DatasetService.DatasetServiceBase
{
    /// <summary>The audit trail of the partnership's dataset requests.</summary>
    internal const string Subject = "partnership/datasets";

    /// <summary>The purpose recorded for the partnership's own scrutiny of its figures.</summary>
    internal const string PartnershipScrutiny = "partnership-scrutiny";

    private static IReadOnlyList<string> PartnershipBoroughs => DatasetReader.PartnershipBoroughs;

    /// <inheritdoc />
    public override Task<V1.ListMeasuresResponse> ListMeasures(V1.ListMeasuresRequest request, ServerCallContext context)
    {
        context.GetCaller();
        var response = new V1.ListMeasuresResponse();
        response.Measures.AddRange(MeasureCatalogue.All.Select(m => new V1.Measure
        {
            Name = m.Name,
            Title = m.Title,
            Kind = (V1.MeasureKind)m.Kind,
            Periods = (V1.PeriodKind)m.Periods,
            Breakdowns = { m.Dimensions },
            HasRate = m.HasRate,
        }));
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override async Task<V1.GetDatasetResponse> GetDataset(V1.GetDatasetRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var decision = DatasetReader.Decide(request, caller, await reader.Agreements(), reader.Today());
        if (decision.Mode == DisclosureMode.Board)
        {
            // Exact figures leave the hub only with a record of who asked for which, and why.
            await audit.Record(Subject, "datasets.board", caller, PartnershipScrutiny, decision.Reference, decision.Access.Allowed ? "returned" : "denied", decision.Detail);
        }

        if (!decision.Access.Allowed)
        {
            throw RpcErrors.PermissionDenied(decision.Access.Reason);
        }

        return (await reader.Read([decision]))[0];
    }

    /// <inheritdoc />
    public override async Task<V1.LoadPopulationEstimatesResponse> LoadPopulationEstimates(V1.LoadPopulationEstimatesRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        await Administrator(caller, "datasets.population.load");
        var violations = new Violations();
        var source = FieldChecks.RequiredLabel(violations, "source", request.Source, 200);
        if (request.Estimates.Count is 0 or > RequestLimits.PopulationEstimates)
        {
            violations.Add("estimates", "must have 1 to 20,000 items.");
        }

        var seen = new HashSet<(string, int, int)>();
        for (var i = 0; i < request.Estimates.Count; i++)
        {
            var e = request.Estimates[i];
            if (Borough.Find(e.Borough) is null)
            {
                violations.Add($"estimates[{i}].borough", "must be the ONS code of a partnership borough, e.g. E09000033.");
            }

            if (e.MidYear is < 2000 or > 2100)
            {
                violations.Add($"estimates[{i}].mid_year", "must be a year from 2000 to 2100.");
            }

            if (e.Age is < 0 or > 17)
            {
                violations.Add($"estimates[{i}].age", "must be a single year of age from 0 to 17.");
            }

            if (e.Population < 0)
            {
                violations.Add($"estimates[{i}].population", "must be 0 or more.");
            }

            if (!seen.Add((e.Borough, e.MidYear, e.Age)))
            {
                violations.Add($"estimates[{i}]", "repeats a borough, mid-year and age given before.");
            }
        }

        FieldChecks.ThrowIfAny(violations);
        await grains.GetGrain<IPopulationGrain>(IPopulationGrain.Key).Load(source,
            [.. request.Estimates.Select(e => new PopulationEstimate(e.Borough, e.MidYear, e.Age, e.Population))]);
        await audit.Record(Subject, "datasets.population.load", caller, "administration", null, "changed", $"{request.Estimates.Count} estimates from {source}");
        return new V1.LoadPopulationEstimatesResponse { Loaded = request.Estimates.Count };
    }

    /// <inheritdoc />
    public override async Task<V1.CheckTotalsResponse> CheckTotals(V1.CheckTotalsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        await Administrator(caller, "datasets.totals.check");
        var check = await TotalsCheck.Run(grains, PartnershipBoroughs, context.CancellationToken);
        var response = new V1.CheckTotalsResponse { Children = check.Children, Cells = check.Cells, DifferenceCount = check.Differences.Count };
        response.Differences.AddRange(check.Differences.Take(200).Select(d => new V1.TotalDifference { Cell = d.Cell, Held = d.Held, Recomputed = d.Recomputed }));
        if (request.Repair && check.Differences.Count > 0)
        {
            await TotalsCheck.Repair(grains, check.Differences);
            response.RepairedCells = check.Differences.Count;
        }

        await audit.Record(Subject, "datasets.totals.check", caller, "administration", null, "done",
            $"{check.Children} children, {check.Cells} cells, {check.Differences.Count} differences, {response.RepairedCells} repaired");
        return response;
    }

    private Task Administrator(Caller caller, string action) => Require(AccessPolicy.CanAdminister(caller), caller, action);

    /// <summary>Goes on when <paramref name="access"/> allows the call; otherwise records the refusal and throws PERMISSION_DENIED.</summary>
    private async Task Require(AccessDecision access, Caller caller, string action)
    {
        if (!access.Allowed)
        {
            await audit.Record(Subject, action, caller, "administration", null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }
    }
}
