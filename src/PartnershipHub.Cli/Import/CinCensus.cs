using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Domain.CodeLists;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// Maps the children in need census (an XML file: <c>Message/Children/Child</c>, each with its identifiers and its
/// <c>CINdetails</c> episodes) to the hub's records. The mapping, element by element, is described in
/// <c>docs/statutory-returns.md</c>.
/// </summary>
public static class CinCensus
{
    /// <summary>The elements that are rows of their own: their contents are not read as their parent's values.</summary>
    private static readonly HashSet<string> RowElements =
        new(["ChildIdentifiers", "ChildCharacteristics", "CINdetails", "Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans"], StringComparer.Ordinal);

    /// <summary>Parses a census file; an XML error becomes a usage error naming the file and line.</summary>
    public static XDocument Load(byte[] contents, string fileName)
    {
        try
        {
            using var stream = new MemoryStream(contents);
            return XDocument.Load(stream, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new UsageException($"{fileName}:{ex.LineNumber}: not a CIN census XML file: {ex.Message}");
        }
    }

    /// <summary>The census's reference date (<c>Header/CollectionDetails/ReferenceDate</c>), if it has one.</summary>
    public static DateOnly? ReferenceDate(XDocument census) =>
        census.Descendants().FirstOrDefault(e => e.Name.LocalName == "ReferenceDate") is { } date
        && DateOnly.TryParseExact(date.Value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;

    /// <summary>Reads every child's identifiers into the plan (before the records, so both returns' details merge).</summary>
    public static void ReadChildren(XDocument census, string fileName, ImportPlan plan)
    {
        foreach (var child in Children(census))
        {
            var identifiers = Row(child, "ChildIdentifiers", fileName);
            var caseId = ImportPlan.CaseId(identifiers, "LAchildID");
            var born = identifiers.Date("PersonBirthDate", required: false);
            var expected = identifiers.Date("ExpectedPersonBirthDate", required: false);
            var birth = born.Length > 0 ? new BirthDate { Status = BirthDateStatus.Known, Date = born }
                : expected.Length > 0 ? new BirthDate { Status = BirthDateStatus.Expected, Date = expected }
                : new BirthDate { Status = BirthDateStatus.Unknown };
            plan.AddChild(identifiers, caseId, birth, Ssda903Return.Upn(identifiers, "UPN", []));
            foreach (var characteristics in Elements(child, "ChildCharacteristics"))
            {
                plan.Tally(ReadRow(characteristics, fileName));
            }
        }
    }

    /// <summary>Reads every child's referrals with their assessments, plans and Section 47 enquiries.</summary>
    public static void ReadRecords(XDocument census, string fileName, ImportPlan plan)
    {
        foreach (var child in Children(census))
        {
            var caseId = Row(child, "ChildIdentifiers", fileName).Text("LAchildID");
            foreach (var details in Elements(child, "CINdetails"))
            {
                ReadCinDetails(details, fileName, caseId, plan);
            }
        }
    }

    private static void ReadCinDetails(XElement details, string fileName, string caseId, ImportPlan plan)
    {
        var referral = ReadRow(details, fileName);
        var body = new Referral
        {
            ReferralDate = referral.Date("CINreferralDate", required: true),
            Source = referral.Code("ReferralSource", StatutoryCodes.ReferralSource, required: true),
        };
        Add(plan, referral, "REF", caseId, body.ReferralDate, CareRecordKind.Referral, new CareRecordBody { Referral = body });

        foreach (var row in Elements(details, "Assessments").Select(e => ReadRow(e, fileName)))
        {
            var assessment = new Assessment
            {
                StartDate = row.Date("AssessmentActualStartDate", required: true),
                AuthorisedDate = row.Date("AssessmentAuthorisationDate", required: false),
            };
            foreach (var factor in row.All("AssessmentFactors").Select(f => f.ToUpperInvariant()))
            {
                if (!StatutoryCodes.AssessmentFactor.IsKnown(factor))
                {
                    row.Problems.Add($"AssessmentFactors '{factor}' {StatutoryCodes.AssessmentFactor.Expected}");
                }

                assessment.Factors.Add(factor);
            }

            Add(plan, row, "ASM", caseId, assessment.StartDate, CareRecordKind.Assessment, new CareRecordBody { Assessment = assessment });
        }

        foreach (var row in Elements(details, "CINPlanDates").Select(e => ReadRow(e, fileName)))
        {
            var childInNeed = new Plan
            {
                Type = PlanType.ChildInNeed,
                StartDate = row.Date("CINPlanStartDate", required: true),
                EndDate = row.Date("CINPlanEndDate", required: false),
            };
            Add(plan, row, "CINP", caseId, childInNeed.StartDate, CareRecordKind.Plan, new CareRecordBody { Plan = childInNeed });
        }

        var protectionStarts = Elements(details, "ChildProtectionPlans").SelectMany(e => Elements(e, "CPPstartDate")).Select(e => e.Value.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var row in Elements(details, "Section47").Select(e => ReadRow(e, fileName)))
        {
            var start = row.Date("S47ActualStartDate", required: true);
            var held = row.Date("DateOfInitialCPC", required: false);

            // The census has no strategy discussion of its own: the enquiry starts with it. Who took part is not in
            // the census, so it is left unknown.
            var enquiry = new Section47Enquiry { StrategyDiscussionDate = start, StartDate = start };
            var enquiryId = Ssda903Return.Id("S47", caseId, start);
            Add(plan, row, "S47", caseId, start, CareRecordKind.Section47Enquiry, new CareRecordBody { Section47 = enquiry });

            // The initial conference that followed it: the census gives its date; it resulted in a plan when a child
            // protection plan of the same episode of need starts that day. Attendance, quorum and advocacy are not
            // in the census and stay unknown.
            if (held.Length > 0)
            {
                var conference = new Conference { ConferenceDate = held, Section47SourceId = enquiryId, ResultedInPlan = protectionStarts.Contains(held) };
                Add(plan, row, "ICPC", caseId, held, CareRecordKind.Conference, new CareRecordBody { Conference = conference });
            }
        }

        foreach (var row in Elements(details, "ChildProtectionPlans").Select(e => ReadRow(e, fileName)))
        {
            var previous = row.Text("NumberOfPreviousCPP");
            var protection = new Plan
            {
                Type = PlanType.ChildProtection,
                StartDate = row.Date("CPPstartDate", required: true),
                EndDate = row.Date("CPPendDate", required: false),
                InitialCategory = row.Code("InitialCategoryOfAbuse", StatutoryCodes.PlanCategory, required: true),
                LatestCategory = row.Code("LatestCategoryOfAbuse", StatutoryCodes.PlanCategory, required: false),
                PreviousPlans = previous.Length == 0 ? 0 : int.TryParse(previous, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : Invalid(row, "NumberOfPreviousCPP", previous),
            };
            protection.ReviewDates.AddRange(row.All("CPPreviewDate").Select(d => Date(row, "CPPreviewDate", d)));
            Add(plan, row, "CPP", caseId, protection.StartDate, CareRecordKind.Plan, new CareRecordBody { Plan = protection });
        }
    }

    private static void Add(ImportPlan plan, SourceRow row, string prefix, string caseId, string date, CareRecordKind kind, CareRecordBody body)
    {
        if (caseId.Length == 0)
        {
            row.Problems.Add("the child has no LAchildID.");
        }

        plan.AddCare(row, Ssda903Return.Id(prefix, caseId, date), kind, caseId, body);
    }

    private static int Invalid(SourceRow row, string column, string value)
    {
        row.Problems.Add($"{column} '{value}' must be a whole number.");
        return 0;
    }

    /// <summary>One date of a repeated element, checked like any other.</summary>
    private static string Date(SourceRow row, string column, string value)
    {
        var single = new SourceRow(row.File, row.Line, new Dictionary<string, IReadOnlyList<string>> { [column] = [value] });
        var date = single.Date(column, required: true);
        row.Problems.AddRange(single.Problems);
        return date;
    }

    private static IEnumerable<XElement> Children(XDocument census) => census.Descendants().Where(e => e.Name.LocalName == "Child");

    private static IEnumerable<XElement> Elements(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    private static SourceRow Row(XElement child, string name, string fileName) =>
        Elements(child, name).FirstOrDefault() is { } element ? ReadRow(element, fileName) : ReadRow(child, fileName);

    /// <summary>An element as a row: the text of each leaf element inside it, by name, not looking into nested rows.</summary>
    private static SourceRow ReadRow(XElement element, string fileName)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        void Collect(XElement parent)
        {
            foreach (var inner in parent.Elements().Where(e => !RowElements.Contains(e.Name.LocalName)))
            {
                if (inner.HasElements)
                {
                    Collect(inner);
                }
                else
                {
                    (values.TryGetValue(inner.Name.LocalName, out var list) ? list : values[inner.Name.LocalName] = []).Add(inner.Value);
                }
            }
        }

        Collect(element);
        return new SourceRow(fileName, ((IXmlLineInfo)element).LineNumber, values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.OrdinalIgnoreCase));
    }
}
