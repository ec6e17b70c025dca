using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace PartnershipHub.Generator;

/// <summary>
/// Writes a borough's generated children as its statutory returns would carry them, for <c>phub import</c>: SSDA903
/// CSV files (header, episodes, reviews, missing) and a CIN census (referrals with their assessments; each Section 47
/// enquiry in an episode of need of its own, with the date of its initial conference and the child protection plan
/// it made). What the returns do not carry is left out: names, return interviews, strategy and conference agencies,
/// enquiries' ends and outcomes, adoption milestones other than those SSDA903 episodes imply, care leaver statuses
/// (OC3 dates them by the child's birthday, which the generated statuses are not).
/// </summary>
public static class StatutoryReturnFiles
{
    /// <summary>Writes <paramref name="borough"/>'s children of <paramref name="population"/> into <paramref name="folder"/>.</summary>
    public static void Write(GeneratedPopulation population, string borough, string folder)
    {
        Directory.CreateDirectory(folder);
        var children = population.Children.Where(c => c.Borough == borough).ToList();
        Csv(folder, "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", children.Select(c => $"{c.CaseId},1,{Day(c.BirthDate)},WBRI,,,"));
        Csv(folder, "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN", children.SelectMany(c => c.All<GEpisode>().Select(e =>
            $"{c.CaseId},{Day(e.Start)},{e.Rne},{e.Legal},N1,{e.Placement},{e.Provider},{Day(e.End)},{e.Ceased},,,{(e.District is null ? string.Empty : e.District + " 1AA")},")));
        Csv(folder, "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE", children.SelectMany(c => c.All<GCareReview>().Select(r => $"{c.CaseId},{Day(c.BirthDate)},{Day(r.Date)},{r.Participation}")));
        Csv(folder, "missing.csv", "CHILD,DOB,MIS_START,MIS_END,MISSING", children.SelectMany(c => c.All<GMissing>().Select(m => $"{c.CaseId},{Day(c.BirthDate)},{Day(m.Start)},{Day(m.End)},M")));
        new XDocument(new XElement("Message", new XElement("Children", children.Select(Census)))).Save(Path.Combine(folder, "cin-census.xml"));
    }

    private static XElement Census(GeneratedChild child)
    {
        var element = new XElement("Child", new XElement("ChildIdentifiers", new XElement("LAchildID", child.CaseId), new XElement("PersonBirthDate", Iso(child.BirthDate))));
        var assessments = child.All<GAssessment>().ToList();
        foreach (var referral in child.All<GReferral>())
        {
            // The generator starts an assessment within five days of its referral.
            var own = assessments.Where(a => a.Start >= referral.Date && a.Start <= referral.Date.AddDays(5)).Take(1).ToList();
            assessments.RemoveAll(own.Contains);
            element.Add(Details(referral.Date, own.Select(a => new XElement("Assessments",
                new XElement("AssessmentActualStartDate", Iso(a.Start)),
                a.Authorised is { } done ? new XElement("AssessmentAuthorisationDate", Iso(done)) : null))));
        }

        var plans = child.All<GPlan>().ToList();
        foreach (var enquiry in child.All<GEnquiry>())
        {
            var conference = child.All<GConference>().FirstOrDefault(c => c.Enquiry == enquiry);
            var plan = conference is { ResultedInPlan: true } ? plans.FirstOrDefault(p => p.Start == conference.Date) : null;
            element.Add(Details(enquiry.Strategy,
            [
                new XElement("Section47", new XElement("S47ActualStartDate", Iso(enquiry.Strategy)), conference is null ? null : new XElement("DateOfInitialCPC", Iso(conference.Date))),
                plan is null ? null : new XElement("ChildProtectionPlans",
                    new XElement("CPPstartDate", Iso(plan.Start)),
                    plan.End is { } end ? new XElement("CPPendDate", Iso(end)) : null,
                    new XElement("InitialCategoryOfAbuse", "NEG"),
                    plan.Category is { } category ? new XElement("LatestCategoryOfAbuse", category) : null,
                    new XElement("NumberOfPreviousCPP", plan.Previous),
                    new XElement("Reviews", plan.Reviews.Select(r => new XElement("CPPreviewDate", Iso(r))))),
            ]));
        }

        return element;
    }

    /// <summary>An episode of need: its referral (every generated referral comes from a school) and what followed it.</summary>
    private static XElement Details(DateOnly referred, IEnumerable<XElement?> content) =>
        new("CINdetails", new XElement("CINreferralDate", Iso(referred)), new XElement("ReferralSource", "2A"), content);

    private static void Csv(string folder, string name, string header, IEnumerable<string> rows) =>
        File.WriteAllLines(Path.Combine(folder, name), rows.Prepend(header), new UTF8Encoding(false));

    private static string Day(DateOnly? day) => day?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
