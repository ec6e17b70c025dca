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
public sealed partial class DatasetGrpcService(IGrainFactory grains, AuditWriter audit, SmallNumbers smallNumbers, PopulationCache population, TimeProvider clock)
    : V1.DatasetService.DatasetServiceBase
{
    private const string Subject = "partnership/datasets";
    private const int MaxMeasures = RequestLimits.DatasetMeasures;
    private const int MaxPeriods = RequestLimits.DatasetPeriods;
    private const string PartnershipScrutiny = "partnership-scrutiny";

    private static readonly IReadOnlyList<string> PartnershipBoroughs = [.. Borough.All.Select(b => b.Code)];

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
        var today = Today();
        var (query, mode, reference) = ToQuery(request, caller, today);
        var agreements = await grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        if (mode == DisclosureMode.Board && request.Boroughs.Count == 0)
        {
            query = query with { Boroughs = AccessPolicy.BoardBoroughs(caller, agreements, today) };
        }

        var counted = query.IncludePartnership ? PartnershipBoroughs : query.Boroughs;
        var access = AccessPolicy.CanReadDataset(caller, mode, query.Boroughs, query.IncludePartnership, counted, agreements, today);
        if (mode == DisclosureMode.Board)
        {
            // Exact figures leave the hub only with a record of who asked for which, and why.
            await audit.Record(Subject, "datasets.board", caller, PartnershipScrutiny, reference, access.Allowed ? "returned" : "denied",
                $"{access.Reason}; measures {string.Join(" ", request.Measures)}; years {string.Join(" ", request.FinancialYears)}; "
                + $"as at {string.Join(" ", request.AsAtDates)}; boroughs {string.Join(" ", query.Boroughs)}; partnership {query.IncludePartnership}; "
                + $"breakdowns {string.Join(" ", request.Breakdowns)}");
        }

        if (!access.Allowed)
        {
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var periods = query.Measures.SelectMany(query.PeriodsOf).Distinct().ToList();
        var shards = await Task.WhenAll(PartnershipBoroughs.SelectMany(b => periods.Select(async p =>
            (Shard: MeasureCell.ShardOf(b, p), Totals: await grains.GetGrain<IMeasureTotalsGrain>(MeasureCell.ShardOf(b, p)).Totals()))));
        var totals = shards.ToDictionary(s => s.Shard, s => s.Totals, StringComparer.Ordinal);
        var estimates = await population.Current();
        var suppressed = mode.Suppressing(smallNumbers);
        var datasets = new Domain.Measures.Datasets(PartnershipBoroughs, (b, p) => totals[MeasureCell.ShardOf(b, p)], estimates, suppressed);

        var response = new V1.GetDatasetResponse
        {
            PopulationSource = estimates.Source,
            SmallestSuppressed = suppressed.Smallest,
            LargestSuppressed = suppressed.Largest,
            DisclosureMode = (V1.DisclosureMode)mode,
        };
        response.Cells.AddRange(datasets.Build(query).Select(ToMessage));
        return response;
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

    private async Task Administrator(Caller caller, string action)
    {
        var access = AccessPolicy.CanAdminister(caller);
        if (!access.Allowed)
        {
            await audit.Record(Subject, action, caller, "administration", null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }
    }

    private DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    /// <summary>
    /// Checks every field of a dataset request; INVALID_ARGUMENT names each one that is wrong. An unspecified mode is
    /// publication.
    /// </summary>
    internal static (DatasetQuery Query, DisclosureMode Mode, string? Reference) ToQuery(V1.GetDatasetRequest request, Caller caller, DateOnly today)
    {
        var violations = new Violations();
        if (request.Measures.Count is 0 or > MaxMeasures)
        {
            violations.Add("measures", $"must name 1 to {MaxMeasures} measures (see ListMeasures).");
        }

        var measures = new List<MeasureDefinition>();
        for (var i = 0; i < request.Measures.Count; i++)
        {
            if (MeasureCatalogue.Find(request.Measures[i]) is not { } measure)
            {
                violations.Add($"measures[{i}]", "is not a measure the hub keeps (see ListMeasures).");
            }
            else if (measures.Contains(measure))
            {
                violations.Add($"measures[{i}]", "is named twice.");
            }
            else
            {
                measures.Add(measure);
            }
        }

        var years = FinancialYears(violations, request.FinancialYears, today, measures.Any(m => m.Periods == PeriodKind.FinancialYear));
        var dates = AsAtDates(violations, request.AsAtDates, today, measures.Any(m => m.Periods == PeriodKind.AsAt));
        var boroughs = request.Boroughs.Count == 0 ? AccessPolicy.DefaultDatasetBoroughs(caller, PartnershipBoroughs) : request.Boroughs.Distinct().ToList();
        for (var i = 0; i < request.Boroughs.Count; i++)
        {
            if (Borough.Find(request.Boroughs[i]) is null)
            {
                violations.Add($"boroughs[{i}]", "must be the ONS code of a partnership borough, e.g. E09000033.");
            }
        }

        for (var i = 0; i < request.Breakdowns.Count; i++)
        {
            if (!measures.Any(m => m.Dimensions.Contains(request.Breakdowns[i])))
            {
                violations.Add($"breakdowns[{i}]", $"must be a breakdown of a measure asked for ({string.Join(", ", measures.SelectMany(m => m.Dimensions).Distinct().DefaultIfEmpty("none"))}).");
            }
        }

        var mode = request.DisclosureMode switch
        {
            V1.DisclosureMode.Unspecified or V1.DisclosureMode.Publication => DisclosureMode.Publication,
            V1.DisclosureMode.Board => DisclosureMode.Board,
            _ => (DisclosureMode?)null,
        };
        if (mode is null)
        {
            violations.Add("disclosure_mode", "must be PUBLICATION or BOARD.");
        }

        string? reference = null;
        if (mode == DisclosureMode.Board || request.Reference.Length > 0)
        {
            reference = FieldChecks.RequiredText(violations, "reference", request.Reference, 64);
        }

        FieldChecks.ThrowIfAny(violations);
        return (new DatasetQuery(measures, years, dates, boroughs, request.IncludePartnership, [.. request.Breakdowns.Distinct()]), mode!.Value, reference);
    }

    private static List<int> FinancialYears(Violations violations, IReadOnlyList<int> years, DateOnly today, bool needed)
    {
        var current = ReportingPeriods.FinancialYearOf(today);
        if (needed && years.Count == 0)
        {
            violations.Add("financial_years", "is required for the measures counted over a year asked for.");
        }

        if (years.Count > MaxPeriods)
        {
            violations.Add("financial_years", $"must have at most {MaxPeriods} items.");
        }

        for (var i = 0; i < years.Count; i++)
        {
            if (years[i] < ReportingPeriods.FirstYear || years[i] > current)
            {
                violations.Add($"financial_years[{i}]", $"must be a financial year's first year from {ReportingPeriods.FirstYear} to {current} (2024 for 2024-25).");
            }
        }

        return [.. years.Distinct()];
    }

    private static List<DateOnly> AsAtDates(Violations violations, IReadOnlyList<string> values, DateOnly today, bool needed)
    {
        if (needed && values.Count == 0)
        {
            violations.Add("as_at_dates", "is required for the measures counted on a date asked for.");
        }

        if (values.Count > MaxPeriods)
        {
            violations.Add("as_at_dates", $"must have at most {MaxPeriods} items.");
        }

        var dates = new List<DateOnly>();
        for (var i = 0; i < values.Count; i++)
        {
            var field = $"as_at_dates[{i}]";
            if (IsoDates.Required(violations, field, values[i]) is not { } day)
            {
                continue;
            }

            if (!ReportingPeriods.IsKeptAsAtDate(day) || day > today)
            {
                violations.Add(field, $"must be 31 March of {ReportingPeriods.FirstYear} up to the latest 31 March passed: the hub keeps figures as at each 31 March.");
            }
            else
            {
                dates.Add(day);
            }
        }

        return [.. dates.Distinct()];
    }

    private static V1.DatasetCell ToMessage(DatasetCell cell)
    {
        var message = new V1.DatasetCell { Measure = cell.Measure, Period = cell.Period, Borough = cell.Borough, Breakdown = cell.Breakdown, Suppressed = cell.Suppressed };
        if (cell.Count is { } count)
        {
            message.Count = count;
        }

        if (cell.Numerator is { } numerator)
        {
            message.Numerator = numerator;
        }

        if (cell.Denominator is { } denominator)
        {
            message.Denominator = denominator;
        }

        if (cell.Percentage is { } percentage)
        {
            message.Percentage = percentage;
        }

        if (cell.RatePer10000 is { } rate)
        {
            message.RatePer10000 = rate;
        }

        if (cell.Value is { } value)
        {
            message.Value = value;
        }

        return message;
    }
}
