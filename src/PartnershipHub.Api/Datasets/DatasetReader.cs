using Grpc.Core;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Api.Datasets;

/// <summary>A dataset request checked field by field and decided by the access policy, not yet read.</summary>
/// <param name="Request">The request as asked.</param>
/// <param name="Query">What it asks for, with the boroughs the caller's mode defaults to filled in.</param>
/// <param name="Mode">The disclosure mode.</param>
/// <param name="Reference">What the figures are for (required in <see cref="DisclosureMode.Board"/>).</param>
/// <param name="Access">Whether the caller may have it, and why.</param>
public sealed record DatasetDecision(V1.GetDatasetRequest Request, DatasetQuery Query, DisclosureMode Mode, string? Reference, AccessDecision Access)
{
    /// <summary>What was asked for, as the audit trail records it.</summary>
    public string Detail =>
        $"{Access.Reason}; measures {string.Join(" ", Request.Measures)}; years {string.Join(" ", Request.FinancialYears)}; "
        + $"as at {string.Join(" ", Request.AsAtDates)}; boroughs {string.Join(" ", Query.Boroughs)}; partnership {Query.IncludePartnership}; "
        + $"breakdowns {string.Join(" ", Request.Breakdowns)}";
}

/// <summary>
/// The one computation of the partnership's datasets, shared by <c>DatasetService.GetDataset</c> and the board's
/// performance pack: checks a request, decides it with <see cref="AccessPolicy"/>, and forms disclosure-controlled
/// cells from the boroughs' totals (never a child's record). Auditing and refusing are the caller's, so that a pack of
/// many tables is recorded once.
/// </summary>
public sealed class DatasetReader(IGrainFactory grains, SmallNumbers smallNumbers, PopulationCache population, TimeProvider clock)
{
    private const int MaxMeasures = RequestLimits.DatasetMeasures;
    private const int MaxPeriods = RequestLimits.DatasetPeriods;

    /// <summary>Every borough of the partnership, whose totals every dataset's disclosure control runs over.</summary>
    public static IReadOnlyList<string> PartnershipBoroughs { get; } = [.. Borough.All.Select(b => b.Code)];

    /// <summary>Today in London, the day access is decided on.</summary>
    public DateOnly Today() => LondonTime.DateOf(clock.GetUtcNow());

    /// <summary>The published England and London comparators the partnership holds.</summary>
    public Task<IReadOnlyList<Comparator>> Comparators() => grains.GetGrain<IComparatorsGrain>(IComparatorsGrain.Key).All();

    /// <summary>The partnership agreements, which decide who may read BOARD figures.</summary>
    public Task<IReadOnlyList<PartnershipAgreement>> Agreements() => grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();

    /// <summary>
    /// Checks <paramref name="request"/> (INVALID_ARGUMENT naming each wrong field) and decides whether
    /// <paramref name="caller"/> may have it. A BOARD request naming no borough is for the boroughs of the caller's
    /// safeguarding partnerships.
    /// </summary>
    public static DatasetDecision Decide(V1.GetDatasetRequest request, Caller caller, IReadOnlyList<PartnershipAgreement> agreements, DateOnly today)
    {
        var (query, mode, reference) = ToQuery(request, caller, today);
        if (mode == DisclosureMode.Board && request.Boroughs.Count == 0)
        {
            query = query with { Boroughs = AccessPolicy.BoardBoroughs(caller, agreements, today) };
        }

        var counted = query.IncludePartnership ? PartnershipBoroughs : query.Boroughs;
        return new DatasetDecision(request, query, mode, reference, AccessPolicy.CanReadDataset(caller, mode, query.Boroughs, query.IncludePartnership, counted, agreements, today));
    }

    /// <summary>
    /// Forms the answer to each allowed decision, reading each borough's totals of every period asked for once
    /// however many datasets ask for it.
    /// </summary>
    public async Task<IReadOnlyList<V1.GetDatasetResponse>> Read(IReadOnlyList<DatasetDecision> decisions)
    {
        if (decisions.FirstOrDefault(d => !d.Access.Allowed) is { } refused)
        {
            throw new InvalidOperationException($"A refused dataset cannot be read: {refused.Access.Reason}");
        }

        var periods = decisions.SelectMany(d => d.Query.Measures.SelectMany(d.Query.PeriodsOf)).Distinct().ToList();
        var shards = await Task.WhenAll(PartnershipBoroughs.SelectMany(b => periods.Select(async p =>
            (Shard: MeasureCell.ShardOf(b, p), Totals: await grains.GetGrain<IMeasureTotalsGrain>(MeasureCell.ShardOf(b, p)).Totals()))));
        var totals = shards.ToDictionary(s => s.Shard, s => s.Totals, StringComparer.Ordinal);
        var estimates = await population.Current();
        return [.. decisions.Select(decision =>
        {
            var suppressed = decision.Mode.Suppressing(smallNumbers);
            var datasets = new Domain.Measures.Datasets(PartnershipBoroughs, (b, p) => totals[MeasureCell.ShardOf(b, p)], estimates, suppressed);
            var response = new V1.GetDatasetResponse
            {
                PopulationSource = estimates.Source,
                SmallestSuppressed = suppressed.Smallest,
                LargestSuppressed = suppressed.Largest,
                DisclosureMode = (V1.DisclosureMode)decision.Mode,
            };
            response.Cells.AddRange(datasets.Build(decision.Query).Select(ToMessage));
            return response;
        })];
    }

    /// <summary>
    /// Checks every field of a dataset request; INVALID_ARGUMENT names each one that is wrong. An unspecified mode is
    /// publication.
    /// </summary>
    private static (DatasetQuery Query, DisclosureMode Mode, string? Reference) ToQuery(V1.GetDatasetRequest request, Caller caller, DateOnly today)
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
