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

    /// <summary>A list request from <c>phub children list</c>.</summary>
    public static ListBoroughChildrenRequest List(Arguments a) => new()
    {
        Borough = a.FirstWord("borough: phub children list E09000033"),
        PageSize = int.Parse(a.Option("page-size", "0")!, System.Globalization.CultureInfo.InvariantCulture),
        PageToken = a.Option("page-token", string.Empty)!,
    };
}
