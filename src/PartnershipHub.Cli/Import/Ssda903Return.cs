using System.Globalization;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Domain.CodeLists;
using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// Maps the looked-after children return (SSDA903), a set of CSV files named by their table, to the hub's records.
/// The mapping, column by column, is described in <c>docs/statutory-returns.md</c>.
/// </summary>
public static class Ssda903Return
{
    /// <summary>The files of the return the hub holds nothing of, with the reason given in the summary.</summary>
    public static readonly IReadOnlyDictionary<string, string> FilesNotImported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["uasc.csv"] = "unaccompanied asylum-seeking status",
        ["oc2.csv"] = "health and offending outcomes",
        ["prevperm.csv"] = "previous permanence arrangements",
    };

    /// <summary>The file names of the return, lower case; <c>placedadoption.csv</c> is also accepted.</summary>
    public static readonly IReadOnlyList<string> FileNames =
        ["header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv", "placed_adoption.csv", "prevperm.csv", "missing.csv"];

    private static readonly string[] UnknownUpnCodes = [.. Enumerable.Range(1, 10).Select(n => "UN" + n)];

    /// <summary>Reads the child's details from <c>header.csv</c> (read before everything else, for dates of birth).</summary>
    public static void ReadHeader(StatutoryFolder folder, ImportPlan plan)
    {
        foreach (var row in folder.Csv("header.csv"))
        {
            var caseId = ImportPlan.CaseId(row, "CHILD");
            var birth = new BirthDate { Status = BirthDateStatus.Known, Date = row.Date("DOB", required: true) };
            plan.AddChild(row, caseId, birth, Upn(row, "UPN", UnknownUpnCodes));
        }
    }

    /// <summary>Reads the rest of the return into care records.</summary>
    public static void ReadRecords(StatutoryFolder folder, ImportPlan plan, DateOnly referenceDate)
    {
        var episodes = new List<(SourceRow Row, string CaseId, CareEpisode Episode)>();
        foreach (var row in folder.Csv("episodes.csv"))
        {
            var caseId = ImportPlan.CaseId(row, "CHILD");
            var episode = new CareEpisode
            {
                StartDate = row.Date("DECOM", required: true),
                ReasonForNewEpisode = row.Code("RNE", StatutoryCodes.ReasonForNewEpisode, required: true),
                LegalStatus = row.Code("LS", StatutoryCodes.LegalStatus, required: true),
                PlacementType = row.Code("PLACE", StatutoryCodes.PlacementType, required: true),
                Provider = row.Code("PLACE_PROVIDER", StatutoryCodes.PlacementProvider, required: false),
                PostcodeDistrict = District(row, "PL_POST"),
                EndDate = row.Date("DEC", required: false),
                ReasonCeased = row.Code("REC", StatutoryCodes.ReasonEpisodeCeased, required: false),
            };
            if (row.Problems.Count == 0)
            {
                episodes.Add((row, caseId, episode));
            }

            plan.AddCare(row, Id("EP", caseId, episode.StartDate), CareRecordKind.CareEpisode, caseId, new CareRecordBody { CareEpisode = episode });
        }

        foreach (var row in folder.Csv("reviews.csv"))
        {
            var caseId = ImportPlan.CaseId(row, "CHILD");
            row.Skip("DOB");
            var review = new CareReview
            {
                // The return's column is REVIEW; some exports call it DOR (date of review).
                ReviewDate = row.Date(row.Text("DOR").Length > 0 ? "DOR" : "REVIEW", required: true),
                Participation = row.Code("REVIEW_CODE", StatutoryCodes.ReviewParticipation, required: true),
            };
            plan.AddCare(row, Id("REV", caseId, review.ReviewDate), CareRecordKind.CareReview, caseId, new CareRecordBody { CareReview = review });
        }

        foreach (var row in folder.Csv("missing.csv"))
        {
            var caseId = ImportPlan.CaseId(row, "CHILD");
            row.Skip("DOB");
            var missing = new MissingEpisode
            {
                StartDate = row.Date("MIS_START", required: true),
                EndDate = row.Date("MIS_END", required: false),
                MissingType = row.Code("MISSING", StatutoryCodes.MissingType, required: true),
            };
            plan.AddCare(row, Id("MIS", caseId, missing.StartDate), CareRecordKind.MissingEpisode, caseId, new CareRecordBody { MissingEpisode = missing });
        }

        foreach (var row in folder.Csv("oc3.csv"))
        {
            ReadCareLeaver(row, plan, referenceDate);
        }

        foreach (var row in folder.Csv("placed_adoption.csv"))
        {
            var caseId = ImportPlan.CaseId(row, "CHILD");
            row.Skip("DOB");
            AddMilestone(plan, row, caseId, AdoptionStep.DecisionToPlace, row.Date("DATE_PLACED", required: true));
        }

        foreach (var row in folder.Csv("ad1.csv"))
        {
            var caseId = ImportPlan.CaseId(row, "CHILD");
            row.Skip("DOB");
            var decision = row.Date("DATE_INT", required: false);
            var matched = row.Date("DATE_MATCH", required: true);
            if (decision.Length > 0)
            {
                AddMilestone(plan, row, caseId, AdoptionStep.DecisionToPlace, decision);
            }

            AddMilestone(plan, row, caseId, AdoptionStep.Matched, matched, tally: decision.Length == 0);
        }

        AddMilestonesFromEpisodes(plan, episodes);
        foreach (var (file, _) in FilesNotImported)
        {
            plan.NotImportedFile(file, folder.Csv(file).Count);
        }
    }

    /// <summary>
    /// OC3 says whether a care leaver is in touch, their activity and accommodation around their birthday in the
    /// year of the return; ACCOM is a letter with 1 (suitable) or 2 (not suitable).
    /// </summary>
    private static void ReadCareLeaver(SourceRow row, ImportPlan plan, DateOnly referenceDate)
    {
        var caseId = ImportPlan.CaseId(row, "CHILD");
        row.Skip("DOB");
        var status = new CareLeaverStatus { InTouch = row.Code("IN_TOUCH", StatutoryCodes.CareLeaverInTouch, required: true) };
        if (status.InTouch == "YES")
        {
            status.Activity = row.Code("ACTIV", StatutoryCodes.CareLeaverActivity, required: true);
            var accommodation = row.Text("ACCOM").ToUpperInvariant();
            if (accommodation.Length == 2 && StatutoryCodes.CareLeaverAccommodation.IsKnown(accommodation[..1]) && accommodation[1] is '1' or '2')
            {
                status.Accommodation = accommodation[..1];
                status.AccommodationSuitable = accommodation[1] == '1';
            }
            else
            {
                row.Problems.Add($"ACCOM '{accommodation}' must be an accommodation code followed by 1 (suitable) or 2 (not suitable), e.g. U1; codes: {string.Join(", ", StatutoryCodes.CareLeaverAccommodation.Codes.Keys)}.");
            }
        }
        else
        {
            // Activity and accommodation are known only when the authority is in touch.
            row.Skip("ACTIV", "ACCOM");
        }

        status.StatusDate = BirthdayInYear(row, plan.BirthDateOf(caseId), referenceDate);
        plan.AddCare(row, Id("OC3", caseId, status.StatusDate), CareRecordKind.CareLeaverStatus, caseId, new CareRecordBody { CareLeaverStatus = status });
    }

    /// <summary>The child's birthday in the year of the return (the twelve months to the reference date).</summary>
    private static string BirthdayInYear(SourceRow row, string? birthDate, DateOnly referenceDate)
    {
        if (birthDate is null)
        {
            row.Problems.Add("the child has no date of birth in header.csv; OC3 is dated by the child's birthday in the year.");
            return string.Empty;
        }

        var born = DateOnly.ParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var birthday = born.AddYears(referenceDate.Year - born.Year);
        return (birthday > referenceDate ? birthday.AddYears(-1) : birthday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The episodes say when a placement order was made (legal status E1), when the child was placed for adoption
    /// (placement A3 to A6) and when an adoption order ended care (reason ceased E11 or E12).
    /// </summary>
    private static void AddMilestonesFromEpisodes(ImportPlan plan, List<(SourceRow Row, string CaseId, CareEpisode Episode)> episodes)
    {
        foreach (var child in episodes.GroupBy(e => e.CaseId, StringComparer.Ordinal))
        {
            var dated = child.OrderBy(e => e.Episode.StartDate, StringComparer.Ordinal).ToList();
            if (dated.FirstOrDefault(e => e.Episode.LegalStatus == "E1") is { Row: not null } order)
            {
                AddMilestone(plan, order.Row, child.Key, AdoptionStep.PlacementOrder, order.Episode.StartDate, tally: false);
            }

            if (dated.FirstOrDefault(e => e.Episode.PlacementType is "A3" or "A4" or "A5" or "A6") is { Row: not null } placed)
            {
                AddMilestone(plan, placed.Row, child.Key, AdoptionStep.PlacedForAdoption, placed.Episode.StartDate, tally: false);
            }

            if (dated.FirstOrDefault(e => e.Episode.ReasonCeased is "E11" or "E12") is { Row: not null } adopted)
            {
                AddMilestone(plan, adopted.Row, child.Key, AdoptionStep.AdoptionOrder, adopted.Episode.EndDate, tally: false);
            }
        }
    }

    private static void AddMilestone(ImportPlan plan, SourceRow row, string caseId, AdoptionStep step, string date, bool tally = true) =>
        plan.AddCare(row, Id("ADO", caseId, StepCode(step)), CareRecordKind.AdoptionMilestone, caseId,
            new CareRecordBody { AdoptionMilestone = new AdoptionMilestone { Step = step, MilestoneDate = date } }, tally);

    private static string StepCode(AdoptionStep step) => step switch
    {
        AdoptionStep.DecisionToPlace => "DP",
        AdoptionStep.PlacementOrder => "PO",
        AdoptionStep.Matched => "MA",
        AdoptionStep.PlacedForAdoption => "PL",
        _ => "AO",
    };

    /// <summary>The postcode district of a full or partial postcode (the part before the space); empty when not given (unknown).</summary>
    private static string District(SourceRow row, string column)
    {
        var postcode = row.Text(column).ToUpperInvariant();
        if (postcode.Length == 0)
        {
            return string.Empty;
        }

        var outward = postcode.Contains(' ') ? postcode[..postcode.IndexOf(' ')] : postcode.Length > 4 ? postcode[..^3] : postcode;
        var district = PostcodeDistrict.Normalise(outward);
        if (district is null)
        {
            row.Problems.Add($"{column} '{postcode}' must be a postcode (the hub keeps its district, e.g. W6).");
        }

        return district ?? string.Empty;
    }

    /// <summary>A UPN, or empty when absent or one of the return's "UPN unknown" codes.</summary>
    internal static string Upn(SourceRow row, string column, IReadOnlyCollection<string> unknownCodes)
    {
        var text = row.Text(column).ToUpperInvariant();
        if (text.Length == 0 || unknownCodes.Contains(text))
        {
            return string.Empty;
        }

        var upn = UniquePupilNumber.Normalise(text, out var problem);
        if (problem is not null)
        {
            row.Problems.Add($"{column} {problem}");
        }

        return upn ?? string.Empty;
    }

    /// <summary>A source id from a prefix for the kind, the child's id and the row's natural key (a date or a step).</summary>
    internal static string Id(string prefix, string caseId, string key) => $"{prefix}-{caseId}-{key.Replace("-", string.Empty, StringComparison.Ordinal)}";
}
