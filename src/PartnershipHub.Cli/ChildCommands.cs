using Grpc.Core;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Cli;

/// <summary>Builds the children API's requests from command-line options. The hub validates them.</summary>
public static class ChildCommands
{
    /// <summary>A registration request from <c>phub children register</c> (or the child of <c>phub mash contact</c>, whose names are optional).</summary>
    public static RegisterChildRequest Registration(Arguments a, bool requireNames = true)
    {
        var birth = (a.Option("dob"), a.Option("expected")) switch
        {
            ({ } dob, null) => new BirthDate { Status = BirthDateStatus.Known, Date = dob },
            (null, { } expected) => new BirthDate { Status = BirthDateStatus.Expected, Date = expected },
            (null, null) => new BirthDate { Status = BirthDateStatus.Unknown },
            _ => throw new UsageException("Give --dob or --expected, not both."),
        };
        var request = new RegisterChildRequest
        {
            ResponsibleBorough = requireNames ? a.Required("borough") : a.Option("borough", string.Empty)!,
            GivenName = requireNames ? a.Required("given-name") : a.Option("given-name", string.Empty)!,
            FamilyName = requireNames ? a.Required("family-name") : a.Option("family-name", string.Empty)!,
            BirthDate = birth,
            Identifiers = new ChildIdentifiers
            {
                NhsNumber = a.Option("nhs-number", string.Empty)!,
                UniquePupilNumber = a.Option("upn", string.Empty)!,
            },
        };
        foreach (var caseId in a.All("case-id"))
        {
            var parts = caseId.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new UsageException("--case-id takes BOROUGH=ID, e.g. E09000033=WCC-1234.");
            }

            request.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = parts[0], CaseId = parts[1] });
        }

        return request;
    }

    /// <summary>A read request from <c>phub children get</c>.</summary>
    public static GetChildRequest Read(Arguments a) => new()
    {
        ChildId = a.FirstWord("child: phub children get CHILD_ID"),
        Purpose = a.Choice<AccessPurpose>("purpose"),
        CaseReference = a.Option("case-reference", string.Empty)!,
    };

    /// <summary>A link request from <c>phub children link</c>: the caller's own borough's case id for a child.</summary>
    public static LinkCaseIdRequest Link(Arguments a) => new()
    {
        ChildId = a.FirstWord("child: phub children link CHILD_ID --case-id ID"),
        CaseId = a.Required("case-id"),
    };

    /// <summary>A list request from <c>phub children list</c>.</summary>
    public static ListBoroughChildrenRequest List(Arguments a) => new()
    {
        Borough = a.FirstWord("borough: phub children list E09000033"),
        PageSize = int.Parse(a.Option("page-size", "0")!, System.Globalization.CultureInfo.InvariantCulture),
        PageToken = a.Option("page-token", string.Empty)!,
    };

    /// <summary>
    /// Runs <c>phub children list</c>: a page of the borough's children with their names and dates of birth. Whoever
    /// may list a borough's children may read each of them (<c>AccessPolicy.CanListBoroughChildren</c> and
    /// <c>CanReadChild</c> are the same rule), so each child is read for <c>--purpose</c> (case management unless
    /// given), and each read is in the child's audit trail like any other; <c>--ids-only</c> lists the ids alone.
    /// </summary>
    public static async Task<string> ListWithNames(ChildrenService.ChildrenServiceClient client, Arguments a, Metadata headers)
    {
        var page = await client.ListBoroughChildrenAsync(List(a), headers);
        if (a.Flag("ids-only"))
        {
            return a.Flag("json") ? Google.Protobuf.JsonFormatter.Default.Format(page) : TextTable.Write(["CHILD"], page.Children.Select(c => (IReadOnlyList<string>)[c.ChildId])) + More(page);
        }

        var purpose = a.Option("purpose") is null ? AccessPurpose.CaseManagement : a.Choice<AccessPurpose>("purpose");
        var children = new List<Child>();
        foreach (var entry in page.Children)
        {
            children.Add((await client.GetChildAsync(new GetChildRequest { ChildId = entry.ChildId, Purpose = purpose, CaseReference = a.Option("case-reference", string.Empty)! }, headers)).Child);
        }

        if (a.Flag("json"))
        {
            return $"{{ \"children\": [ {string.Join(", ", children.Select(c => Google.Protobuf.JsonFormatter.Default.Format(c)))} ], "
                + $"\"nextPageToken\": \"{page.NextPageToken}\", \"totalSize\": {page.TotalSize} }}";
        }

        return TextTable.Write(
            ["CHILD", "NAME", "DATE OF BIRTH"],
            children.Select(c => (IReadOnlyList<string>)[c.ChildId, c.NamesNotRecorded ? "(names not recorded)" : $"{c.GivenName} {c.FamilyName}", BirthDateText(c.BirthDate)]))
            + More(page);
    }

    private static string More(ListBoroughChildrenResponse page) =>
        $"{Environment.NewLine}{page.Children.Count} of {page.TotalSize}" + AnswerTables.More(page.NextPageToken);

    private static string BirthDateText(BirthDate birth) => birth.Status switch
    {
        BirthDateStatus.Known => birth.Date,
        BirthDateStatus.Expected => $"expected {birth.Date}",
        _ => "not known",
    };
}
