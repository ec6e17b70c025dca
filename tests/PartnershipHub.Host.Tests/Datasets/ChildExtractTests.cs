using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Host.Tests.Care;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>
/// The safeguarding partnership's child-level extract against the real hub: the children of a borough on a plan or in
/// care on 31 March and nobody else, each row minimised (birth month, postcode district, codes, a pseudonymous row id)
/// and recorded in the child's own audit trail; refused to everyone but the partnership's analysts; bad arguments
/// named field by field with nothing recorded. Brent and Hounslow children are made only here.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ChildExtractTests(HubFixture fixture)
{
    private const string Brent = "E09000005";
    private const string Hounslow = "E09000018";
    private const string AsAt = "2025-03-31";
    private const string Reference = "MASA-2025-NEGLECT";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task An_analysts_extract_of_Brent_on_31_March_has_one_minimised_row_per_child_on_a_plan_or_in_care_each_recorded_in_that_childs_trail()
    {
        using var channel = Hub.Channel();
        var worker = Hub.As(Brent, "social-worker", "brent-sw");
        var onPlan = await NewChild(channel, Brent, "Extractplan", "2019-06-14", Plan("2024-10-01", null, "EMO"));
        var inCare = await NewChild(channel, Brent, "Extractcare", "2010-02-03",
            Episode("2024-05-01", "C1", "U3", "NW10", end: "2025-02-01"), Episode("2025-02-01", "C2", "U4", "HA9", reason: "B"));
        var unknownBirth = await NewChild(channel, Brent, "Extractunknown", null, Plan("2025-01-06", null, "NEG"));
        var planEndedThatDay = await NewChild(channel, Brent, "Extractended", "2012-08-09", Plan("2023-05-01", AsAt, "PHY"));
        var childInNeed = await NewChild(channel, Brent, "Extractneed", "2014-11-30",
            new CareRecordBody { Plan = new Contracts.Care.V1.Plan { Type = PlanType.ChildInNeed, StartDate = "2024-01-01" } });
        var nothingRecorded = await NewChild(channel, Brent, "Extractnone", "2015-01-01");
        var otherBorough = await NewChild(channel, Hounslow, "Extractother", "2016-01-01", Plan("2024-10-01", null, "NEG"));
        var analyst = Hub.As("lscp", "partnership-analyst", "lscp-analyst");

        var messages = await Extract(channel, new GetChildExtractRequest { AsAtDate = AsAt, Boroughs = { Brent }, Reference = Reference }, analyst);

        var extractId = Assert.Single(messages.Select(m => m.ExtractId).Distinct());
        Assert.Empty(messages[0].Rows);
        var rows = messages.SelectMany(m => m.Rows).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Select(r => r.RowId).Distinct().Count());

        // Each included child's own trail records the extract and names the row it was given.
        var rowOf = new Dictionary<string, ChildExtractRow>();
        foreach (var child in new[] { onPlan, inCare, unknownBirth })
        {
            var record = Assert.Single(await ExtractRecords(channel, child));
            Assert.Equal(("lscp", "partnership-analyst", "lscp-analyst"), (record.Organisation, record.Role, record.UserId));
            Assert.Equal(("partnership-scrutiny", Reference, "returned"), (record.Purpose, record.CaseReference, record.Outcome));
            Assert.Contains($"extract {extractId} as at {AsAt}", record.Detail);
            Assert.Contains("birth_month, responsible_borough, age_band", record.Detail);
            rowOf[child.Id] = Assert.Single(rows, r => record.Detail.Contains($"row {r.RowId} with", StringComparison.Ordinal));
        }

        Assert.Equal(("2019-06", Brent, "5-9", "EMO"), (rowOf[onPlan.Id].BirthMonth, rowOf[onPlan.Id].ResponsibleBorough, rowOf[onPlan.Id].AgeBand, rowOf[onPlan.Id].ChildProtection.Category));
        Assert.Null(rowOf[onPlan.Id].LookedAfter);
        Assert.Equal(("2010-02", "10-15"), (rowOf[inCare.Id].BirthMonth, rowOf[inCare.Id].AgeBand));
        Assert.Null(rowOf[inCare.Id].ChildProtection);
        Assert.Equal(new ExtractLookedAfter { LegalStatus = "C2", PlacementType = "U4", PlacementPostcodeDistrict = "HA9" }, rowOf[inCare.Id].LookedAfter);
        Assert.Equal(("not recorded", "unknown", "NEG"), (rowOf[unknownBirth.Id].BirthMonth, rowOf[unknownBirth.Id].AgeBand, rowOf[unknownBirth.Id].ChildProtection.Category));
        Assert.Contains("looked_after.placement_postcode_district", (await ExtractRecords(channel, inCare)).Single().Detail);

        // Children not in the extract have nothing recorded.
        foreach (var child in new[] { planEndedThatDay, childInNeed, nothingRecorded, otherBorough })
        {
            Assert.Empty(await ExtractRecords(channel, child));
        }

        // Nothing identifying anywhere in what was sent: no hub ids, names, full dates of birth, NHS numbers or case ids.
        var sent = string.Join('\n', messages.Select(m => JsonFormatter.Default.Format(m)));
        Child[] everyone = [onPlan, inCare, unknownBirth, planEndedThatDay, childInNeed, nothingRecorded, otherBorough];
        foreach (var secret in everyone.SelectMany(c => new[] { c.Id, c.GivenName, c.NhsNumber, c.CaseId }).Concat(["Example", "2019-06-14", "2010-02-03", "PR1", "PR4"]))
        {
            Assert.DoesNotContain(secret, sent, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var row in rows)
        {
            Assert.Matches("^[0-9a-f]{20}$", row.RowId);
            Assert.Matches("^([0-9]{4}-[0-9]{2}|not recorded)$", row.BirthMonth);
            Assert.Matches("^([A-Z]{1,2}[0-9][0-9A-Z]?)?$", row.LookedAfter?.PlacementPostcodeDistrict ?? string.Empty);
        }

        // A second extract, of children in care only, gives the same child another row id: extracts cannot be linked.
        var second = (await Extract(channel, new GetChildExtractRequest
        {
            AsAtDate = AsAt,
            Boroughs = { Brent },
            Cohorts = { ExtractCohort.LookedAfter },
            Reference = Reference,
        }, analyst)).SelectMany(m => m.Rows).ToList();
        Assert.Equal("HA9", Assert.Single(second).LookedAfter.PlacementPostcodeDistrict);
        Assert.NotEqual(rowOf[inCare.Id].RowId, second[0].RowId);
        Assert.Equal(2, (await ExtractRecords(channel, inCare)).Count);
        Assert.Single(await ExtractRecords(channel, onPlan));
    }

    [Fact]
    public async Task Nobody_but_the_partnerships_analysts_gets_an_extract_and_bad_arguments_are_named_field_by_field_with_nothing_recorded()
    {
        using var channel = Hub.Channel();
        var child = await NewChild(channel, Hounslow, "Extractrefused", "2013-04-05", Plan("2024-12-02", null, "SAB"));
        var valid = new GetChildExtractRequest { AsAtDate = AsAt, Boroughs = { Hounslow }, Reference = Reference };

        foreach (var (organisation, role) in new[]
        {
            (Hounslow, "social-worker"), (Hounslow, "mash-manager"), (Hounslow, "borough-sync"), ("met-police", "agency-responder"), ("hub-admin", "administrator"),
        })
        {
            var denied = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Extract(channel, valid, Hub.As(organisation, role)));
            Assert.Contains(role, denied.Status.Detail);
        }

        var analyst = Hub.As("lscp", "partnership-analyst");
        var bad = new GetChildExtractRequest
        {
            AsAtDate = "31/03/2025",
            Boroughs = { Hounslow, "E09999999" },
            Cohorts = { ExtractCohort.LookedAfter, ExtractCohort.Unspecified, ExtractCohort.LookedAfter },
        };
        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => Extract(channel, bad, analyst));
        Assert.Equal(["as_at_date", "boroughs[1]", "cohorts[1]", "cohorts[2]", "reference"], RpcAssert.Violations(error).Select(v => v.Field));

        var tomorrow = valid.Clone();
        tomorrow.AsAtDate = SharedServices.Day(2);
        await RpcAssert.InvalidField("as_at_date", () => Extract(channel, tomorrow, analyst));
        var unreferenced = valid.Clone();
        unreferenced.Reference = "   ";
        await RpcAssert.InvalidField("reference", () => Extract(channel, unreferenced, analyst));
        var overlong = valid.Clone();
        overlong.Reference = new string('R', 65);
        await RpcAssert.InvalidField("reference", () => Extract(channel, overlong, analyst));

        Assert.Empty(await ExtractRecords(channel, child));

        // The same request from an analyst, put right, does include the child: the refusals above were all that kept it out.
        var rows = (await Extract(channel, valid, analyst)).SelectMany(m => m.Rows).ToList();
        Assert.Contains(rows, r => r.BirthMonth == "2013-04" && r.ChildProtection?.Category == "SAB");
        Assert.Single(await ExtractRecords(channel, child));
    }

    /// <summary>Reads the whole extract stream.</summary>
    private static async Task<List<GetChildExtractResponse>> Extract(GrpcChannel channel, GetChildExtractRequest request, Metadata headers)
    {
        using var call = new DatasetService.DatasetServiceClient(channel).GetChildExtract(request, headers);
        var messages = new List<GetChildExtractResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>The extract records in the child's audit trail, read by a practitioner of the child's borough.</summary>
    private async Task<List<AuditRecord>> ExtractRecords(GrpcChannel channel, Child child)
    {
        var trail = await new AuditService.AuditServiceClient(channel).ListChildAccessAsync(
            new ListChildAccessRequest { ChildId = child.Id }, Hub.As(child.Borough, "mash-practitioner"));
        return [.. trail.Records.Where(r => r.Action == "datasets.extract")];
    }

    /// <summary>Registers a child with a name, NHS number and case id of its own, and enters its care records.</summary>
    private async Task<Child> NewChild(GrpcChannel channel, string borough, string givenName, string? birthDate, params CareRecordBody[] records)
    {
        var worker = Hub.As(borough, "social-worker");
        var registration = ChildRequests.Child(borough, givenName);
        registration.BirthDate = birthDate is null ? new BirthDate { Status = BirthDateStatus.Unknown } : new BirthDate { Status = BirthDateStatus.Known, Date = birthDate };
        var caseId = $"EXT-{Guid.NewGuid():N}"[..16];
        registration.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = borough, CaseId = caseId });
        var childId = (await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(registration, worker)).Child.ChildId;
        var care = new CareService.CareServiceClient(channel);
        foreach (var record in records)
        {
            await care.SaveRecordAsync(CareRequests.New(childId, record), worker);
        }

        return new Child(childId, borough, givenName, registration.Identifiers.NhsNumber, caseId);
    }

    private static CareRecordBody Plan(string start, string? end, string category) => new()
    {
        Plan = new Contracts.Care.V1.Plan { Type = PlanType.ChildProtection, StartDate = start, EndDate = end ?? string.Empty, InitialCategory = category, LatestCategory = category },
    };

    private static CareRecordBody Episode(string start, string legalStatus, string placement, string district, string reason = "S", string? end = null)
    {
        var episode = CareRequests.Episode(start, reason, legalStatus, placement);
        episode.PostcodeDistrict = district;
        (episode.EndDate, episode.ReasonCeased) = end is null ? (string.Empty, string.Empty) : (end, "X1");
        episode.Provider = reason == "S" ? "PR1" : "PR4";
        return new CareRecordBody { CareEpisode = episode };
    }

    /// <summary>A child made for these tests, with what must never appear in an extract.</summary>
    private sealed record Child(string Id, string Borough, string GivenName, string NhsNumber, string CaseId);
}
