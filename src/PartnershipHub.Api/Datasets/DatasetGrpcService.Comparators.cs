using Grpc.Core;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Api.Datasets;

/// <summary>
/// The partnership's published England and London comparators: loaded and listed by its analysts and administrators,
/// every load recorded in the <c>partnership/datasets</c> audit trail, refusals too.
/// </summary>
public sealed partial class DatasetGrpcService
{
    private const string LoadComparatorsAction = "datasets.comparators.load";

    /// <inheritdoc />
    public override async Task<V1.LoadComparatorsResponse> LoadComparators(V1.LoadComparatorsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        await KeepsComparators(caller, LoadComparatorsAction);
        var violations = new Violations();
        if (request.Comparators.Count == 0)
        {
            violations.Add("comparators", $"must have 1 to {RequestLimits.Comparators} figures.");
        }

        var loaded = request.Comparators.Select((c, i) => ComparatorMessages.ToComparator(violations, $"comparators[{i}].", c)).ToList();
        foreach (var repeated in loaded.Select((c, i) => (c.Key, i)).GroupBy(x => x.Key).SelectMany(g => g.Skip(1)))
        {
            violations.Add($"comparators[{repeated.i}]", "repeats the area, measure, period and figure of a figure given before.");
        }

        FieldChecks.ThrowIfAny(violations);
        var held = await audit.Audited(new AuditTarget(Subject, "comparators"), LoadComparatorsAction, caller, "administration", null,
            await grains.GetGrain<IComparatorsGrain>(IComparatorsGrain.Key).Load(loaded),
            all => $"{loaded.Count} comparators from {string.Join("; ", loaded.Select(c => c.Publication).Distinct().Take(3))}; {all.Count} held");
        return new V1.LoadComparatorsResponse { Loaded = loaded.Count, Held = held.Count };
    }

    /// <inheritdoc />
    public override async Task<V1.ListComparatorsResponse> ListComparators(V1.ListComparatorsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        for (var i = 0; i < request.Measures.Count; i++)
        {
            if (MeasureCatalogue.Find(request.Measures[i]) is null)
            {
                violations.Add($"measures[{i}]", "must be a measure of ListMeasures, e.g. cp-plans.");
            }
        }

        FieldChecks.ThrowIfAny(violations);
        await KeepsComparators(caller, "datasets.comparators.list");
        var held = await grains.GetGrain<IComparatorsGrain>(IComparatorsGrain.Key).All();
        var response = new V1.ListComparatorsResponse();
        response.Comparators.AddRange(held.Where(c => request.Measures.Count == 0 || request.Measures.Contains(c.Measure)).Select(ComparatorMessages.ToMessage));
        return response;
    }

    private Task KeepsComparators(Caller caller, string action) => Require(AccessPolicy.CanKeepComparators(caller), caller, action);
}

/// <summary>Comparators between the API's messages and the domain's records.</summary>
public static class ComparatorMessages
{
    /// <summary>The comparator a message gives, every field checked (violations named after <paramref name="prefix"/>).</summary>
    public static Comparator ToComparator(Violations violations, string prefix, V1.Comparator message)
    {
        if (message.Area is not (V1.ComparatorArea.England or V1.ComparatorArea.London))
        {
            violations.Add(prefix + "area", "must be ENGLAND or LONDON.");
        }

        foreach (var violation in Comparators.Check(prefix, message.Measure, message.Period, (ComparatorFigure)message.Figure, message.Value))
        {
            violations.Add(violation.Field, violation.Description);
        }

        var source = FieldChecks.RequiredLabel(violations, prefix + "source", message.Source, Comparators.MaxLabel);
        var publication = FieldChecks.RequiredLabel(violations, prefix + "publication", message.Publication, Comparators.MaxLabel);
        return new Comparator((ComparatorArea)message.Area, message.Measure, message.Period, (ComparatorFigure)message.Figure, message.Value, source, publication);
    }

    /// <summary>A comparator as the API shows it.</summary>
    public static V1.Comparator ToMessage(Comparator comparator) => new()
    {
        Area = (V1.ComparatorArea)comparator.Area,
        Measure = comparator.Measure,
        Period = comparator.Period,
        Figure = (V1.ComparatorFigure)comparator.Figure,
        Value = comparator.Value,
        Source = comparator.Source,
        Publication = comparator.Publication,
    };
}
