using PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Cli;

/// <summary>Builds the children API's requests from command-line options. The hub validates them.</summary>
public static class ChildCommands
{
    /// <summary>A registration request from <c>phub children register</c>.</summary>
    public static RegisterChildRequest Registration(Arguments a)
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
            ResponsibleBorough = a.Required("borough"),
            GivenName = a.Required("given-name"),
            FamilyName = a.Required("family-name"),
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
        ChildId = a.Positional.FirstOrDefault() ?? throw new UsageException("Name the child: phub children get CHILD_ID."),
        Purpose = a.Required("purpose") switch
        {
            "case-management" => AccessPurpose.CaseManagement,
            "mash-enquiry" => AccessPurpose.MashEnquiry,
            "section-47" => AccessPurpose.Section47,
            "care-planning" => AccessPurpose.CarePlanning,
            "case-sync" => AccessPurpose.CaseSync,
            var other => throw new UsageException($"Unknown purpose '{other}'."),
        },
        CaseReference = a.Option("case-reference", string.Empty)!,
    };

    /// <summary>A list request from <c>phub children list</c>.</summary>
    public static ListBoroughChildrenRequest List(Arguments a) => new()
    {
        Borough = a.Positional.FirstOrDefault() ?? throw new UsageException("Name the borough: phub children list E09000033."),
        PageSize = int.Parse(a.Option("page-size", "0")!, System.Globalization.CultureInfo.InvariantCulture),
        PageToken = a.Option("page-token", string.Empty)!,
    };
}
