using PartnershipHub.Abstractions.Audit;
using Grpc.Core;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Datasets;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Extracts;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Api.Datasets;

/// <summary>A checked extract request.</summary>
/// <param name="AsAt">The extract's date.</param>
/// <param name="Boroughs">The boroughs whose children are read, in order.</param>
/// <param name="Cohorts">The cohorts included.</param>
/// <param name="Reference">The partnership's piece of work the extract is for.</param>
public sealed record ExtractQuery(DateOnly AsAt, IReadOnlyList<string> Boroughs, IReadOnlyList<ExtractCohort> Cohorts, string Reference);

/// <summary>
/// The partnership's minimised child-level extracts: the access policy first (refusals recorded in the caller's
/// organisation's trail), then every field checked, then each borough's roster read a slice at a time. Each child
/// makes its own minimised row; the rows of a slice are recorded in the children's audit trails, then sent.
/// </summary>
public sealed partial class DatasetGrpcService
{
    private const string ExtractAction = "datasets.extract";

    /// <summary>Children asked for their rows at once: enough to keep the table store busy, few enough to stream steadily.</summary>
    private const int ExtractChildrenAtOnce = 64;

    /// <inheritdoc />
    public override async Task GetChildExtract(V1.GetChildExtractRequest request, IServerStreamWriter<V1.GetChildExtractResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var organisation = AuditSubjects.Organisation(caller.Organisation);
        var access = AccessPolicy.CanPullChildExtract(caller);
        if (!access.Allowed)
        {
            await audit.Record(organisation, ExtractAction, caller, ChildExtracts.Purpose, null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var query = ToExtractQuery(request, reader.Today());
        var extractId = Guid.NewGuid().ToString("N");
        var pseudonyms = ExtractPseudonyms.Fresh();
        var described = $"extract {extractId} as at {query.AsAt:yyyy-MM-dd} of {string.Join(' ', query.Boroughs)} ({string.Join(", ", query.Cohorts.Select(CohortName))})";
        await audit.Record(organisation, ExtractAction, caller, ChildExtracts.Purpose, query.Reference, "started", $"{described}; {access.Reason}");
        await responseStream.WriteAsync(new V1.GetChildExtractResponse { ExtractId = extractId }, context.CancellationToken);

        var (read, rows) = (0, 0);
        foreach (var borough in query.Boroughs)
        {
            await foreach (var ids in BoroughRoster.Pages(grains, borough))
            {
                foreach (var chunk in ids.Chunk(ExtractChildrenAtOnce))
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    var batch = await ExtractRows(chunk, query, caller, pseudonyms, described);
                    read += chunk.Length;
                    rows += batch.Count;
                    if (batch.Count > 0)
                    {
                        await responseStream.WriteAsync(new V1.GetChildExtractResponse { ExtractId = extractId, Rows = { batch } }, context.CancellationToken);
                    }
                }
            }
        }

        await audit.Record(organisation, ExtractAction, caller, ChildExtracts.Purpose, query.Reference, "returned",
            $"{described}: {rows} rows from {read} children read");
    }

    /// <summary>
    /// The rows of the children of <paramref name="chunk"/> who are in the extract, each recorded in the child's
    /// audit trail (who, role, purpose, reference, the row id and the fields returned) before it is returned.
    /// </summary>
    private async Task<List<V1.ChildExtractRow>> ExtractRows(string[] chunk, ExtractQuery query, Caller caller, ExtractPseudonyms pseudonyms, string described)
    {
        var results = await Task.WhenAll(chunk.Select(async id =>
            (Id: id, Result: await grains.GetGrain<IChildExtractGrain>(id).ExtractRow(query.AsAt, query.Cohorts, caller))));
        var included = new List<(string Id, string RowId, ChildExtractRow Row)>();
        foreach (var (id, result) in results)
        {
            // The policy was asked before the extract started; a grain refusing now means it changed meanwhile.
            if (result.Status != Abstractions.CallStatus.Done)
            {
                throw RpcErrors.PermissionDenied(result.Reason);
            }

            if (result.Value is { } row)
            {
                included.Add((id, pseudonyms.RowId(id), row));
            }
        }

        await Task.WhenAll(included.Select(c => audit.Record(AuditSubjects.Child(c.Id), ExtractAction, caller, ChildExtracts.Purpose, query.Reference, "returned",
            $"{described}: row {c.RowId} with {string.Join(", ", ChildExtracts.FieldsOf(c.Row))}")));
        return [.. included.Select(c => ToMessage(c.RowId, c.Row))];
    }

    /// <summary>Checks every field of an extract request; INVALID_ARGUMENT names each one that is wrong.</summary>
    internal static ExtractQuery ToExtractQuery(V1.GetChildExtractRequest request, DateOnly today)
    {
        var violations = new Violations();
        var asAt = IsoDates.Day(violations, "as_at_date", request.AsAtDate.Trim(), today, required: true);
        for (var i = 0; i < request.Boroughs.Count; i++)
        {
            if (Borough.Find(request.Boroughs[i]) is null)
            {
                violations.Add($"boroughs[{i}]", "must be the ONS code of a partnership borough, e.g. E09000033.");
            }
        }

        var cohorts = new List<ExtractCohort>();
        for (var i = 0; i < request.Cohorts.Count; i++)
        {
            var cohort = request.Cohorts[i] switch
            {
                V1.ExtractCohort.ChildProtectionPlan => ExtractCohort.ChildProtectionPlan,
                V1.ExtractCohort.LookedAfter => ExtractCohort.LookedAfter,
                _ => ExtractCohort.None,
            };
            if (cohort == ExtractCohort.None)
            {
                violations.Add($"cohorts[{i}]", "must be EXTRACT_COHORT_CHILD_PROTECTION_PLAN or EXTRACT_COHORT_LOOKED_AFTER.");
            }
            else if (cohorts.Contains(cohort))
            {
                violations.Add($"cohorts[{i}]", "is named twice.");
            }
            else
            {
                cohorts.Add(cohort);
            }
        }

        var reference = FieldChecks.CaseReference(violations, "reference", request.Reference.Trim(), required: true);
        FieldChecks.ThrowIfAny(violations);
        var boroughs = request.Boroughs.Count == 0 ? PartnershipBoroughs : [.. request.Boroughs.Distinct()];
        return new ExtractQuery(asAt!.Value, boroughs, cohorts.Count == 0 ? ChildExtracts.AllCohorts : cohorts, reference!);
    }

    private static string CohortName(ExtractCohort cohort) => cohort switch
    {
        ExtractCohort.ChildProtectionPlan => "child protection plans",
        _ => "looked after",
    };

    private static V1.ChildExtractRow ToMessage(string rowId, ChildExtractRow row)
    {
        var message = new V1.ChildExtractRow
        {
            RowId = rowId,
            BirthMonth = row.BirthMonth,
            ResponsibleBorough = row.ResponsibleBorough,
            AgeBand = row.AgeBand,
        };
        if (row.ChildProtection is { } plan)
        {
            message.ChildProtection = new V1.ExtractChildProtection { Category = plan.Category };
        }

        if (row.LookedAfter is { } care)
        {
            message.LookedAfter = new V1.ExtractLookedAfter
            {
                LegalStatus = care.LegalStatus,
                PlacementType = care.PlacementType,
                PlacementPostcodeDistrict = care.PlacementDistrict,
            };
        }

        return message;
    }
}
