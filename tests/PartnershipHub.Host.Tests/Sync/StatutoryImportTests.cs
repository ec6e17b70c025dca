using System.Diagnostics;
using Grpc.Core;
using PartnershipHub.Cli;
using PartnershipHub.Cli.Import;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// A borough's integration engineer imports the year's statutory returns (the sample SSDA903 files and CIN census)
/// with <c>phub import</c> into the real hub: the import is killed part-way and run again, the children read back
/// through the query APIs with exactly the records the files describe, importing the same files again changes
/// nothing, and the rows with mistakes are reported by file and line.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class StatutoryImportTests(HubFixture fixture)
{
    private const string Ealing = "E09000009";

    private static readonly string Samples = Path.Combine(RepositoryPaths.Root, "tests", "data");

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task An_import_killed_part_way_and_run_again_leaves_exactly_the_records_of_the_files_and_a_second_import_changes_nothing()
    {
        var token = LocalTokenIssuer.Issue(Hub.DataFolder, ChildRequests.Westminster, "borough-sync", "wcc-returns", TimeSpan.FromHours(1));
        var state = Path.Combine(Path.GetTempPath(), $"phub-import-{Guid.NewGuid():N}.json");
        string[] folders = [Path.Combine(Samples, "ssda903"), Path.Combine(Samples, "cin-census")];
        var expected = StatutoryReturns.Map(folders, ChildRequests.Westminster, null, DateOnly.FromDateTime(DateTime.Today)).Changes;

        var acknowledgedBeforeKill = await KillAfterFirstBatch([.. folders, "--hub", Hub.Address, "--token", token, "--batch-size", "2", "--state", state]);
        Assert.InRange(acknowledgedBeforeKill, 2, expected.Count - 1);

        var (resumed, report) = await Import([.. folders, "--token", token, "--batch-size", "25", "--state", state]);
        Assert.True(resumed == 0, report);
        Assert.Contains($"Imported {expected.Count} records: ", report);
        Assert.Contains("0 rejected by the hub", report);
        Assert.Contains("acknowledged before the interruption", report);
        Assert.False(File.Exists(state), "the resume file is removed once the import completes");

        var again = await Import([.. folders, "--token", token, "--state", state]);
        Assert.True(again.Exit == 0, again.Report);
        Assert.Contains($"Imported {expected.Count} records: 0 applied, {expected.Count} duplicate, 0 rejected by the hub", again.Report);
        Assert.Contains("oc2.csv (whole file): 2", again.Report);

        await ReadBack(expected);
    }

    [Fact]
    public async Task Rows_with_mistakes_are_reported_by_file_and_line_and_the_rest_are_imported()
    {
        var token = LocalTokenIssuer.Issue(Hub.DataFolder, Ealing, "borough-sync", "ealing-returns", TimeSpan.FromHours(1));
        var state = Path.Combine(Path.GetTempPath(), $"phub-import-{Guid.NewGuid():N}.json");

        var (exit, report) = await Import([Path.Combine(Samples, "statutory-returns-bad"), "--token", token, "--state", state]);

        Assert.Equal(1, exit);
        string[] refused =
        [
            "header.csv:3: DOB '31/02/2011' is not a date",
            "header.csv:4: UPN must be",
            "episodes.csv:2: LS 'Z9' must be a code",
            "episodes.csv:3: PL_POST '99 9ZZ' must be a postcode",
            "reviews.csv:3: REVIEW_CODE 'PN9' must be a code",
            "missing.csv:2: MISSING 'X' must be a code",
            "cin-census-bad.xml:10: ReferralSource '99' must be a code",
            "cin-census-bad.xml:13: AssessmentFactors '99Z' must be a code",
            "reviews.csv:2: rejected by the hub: care_record.care_review.review_date: is not in a period of care",
        ];
        Assert.All(refused, line => Assert.True(report.Contains(line, StringComparison.Ordinal), $"'{line}' is not in the report:\n{report}"));

        // B001, B004 and B001's good episode are applied; nothing else is.
        Assert.Contains("Imported 4 records: 3 applied, 0 duplicate, 1 rejected by the hub; 8 rows refused before sending", report);
    }

    /// <summary>Runs <c>phub import</c> as a process and kills it once its first batch is acknowledged; returns how many records the resume file holds.</summary>
    private static async Task<int> KillAfterFirstBatch(IEnumerable<string> arguments)
    {
        // The CLI as built by the same solution build, in its own folder with its own dependencies.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var cli = Path.Combine(RepositoryPaths.Root, "src", "PartnershipHub.Cli", "bin", configuration, "net10.0", "phub.dll");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { cli, "import" }, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var statePath = start.ArgumentList[start.ArgumentList.IndexOf("--state") + 1];
        var printed = new List<string>();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync()) is not null && !line.StartsWith("import: ", StringComparison.Ordinal))
        {
            printed.Add(line);
        }

        await ProcessOutput.KillAsync(process);
        Assert.True(line is not null, $"the import ended before its first batch was acknowledged: {string.Join('\n', printed)}\n{await process.StandardOutput.ReadToEndAsync()}");
        var saved = ImportState.Load(statePath, StatutoryReturns.Map(
            [.. start.ArgumentList.Skip(2).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))], ChildRequests.Westminster, null, DateOnly.FromDateTime(DateTime.Today)).Files);
        return saved.Outcomes.Count;
    }

    /// <summary>Runs <c>phub import</c> through its entry point, against this hub, and returns its exit code and report.</summary>
    private async Task<(int Exit, string Report)> Import(IEnumerable<string> arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ImportCommand.Run([.. arguments, "--hub", Hub.Address], output, error, terminal: false);
        return (exit, output.ToString());
    }

    /// <summary>A record as the import sent it: the hub adds its own id of a conference's enquiry, named by source id.</summary>
    private static string AsSent(CareRecordBody record)
    {
        var copy = record.Clone();
        if (copy.Conference is { } conference)
        {
            conference.Section47Id = string.Empty;
        }

        return copy.ToString();
    }

    /// <summary>
    /// Finds each child's hub id as a sync client does (its details sent again come back as a duplicate naming the
    /// child), then compares what the children and care APIs hold with the files: the same records, each once, and
    /// a few values checked by hand against the sample files.
    /// </summary>
    private async Task ReadBack(IReadOnlyList<ImportedChange> expected)
    {
        using var channel = Hub.Channel();
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-returns");
        var details = expected.Where(c => c.Change.ContentCase == ChangeRecord.ContentOneofCase.Child).Select(c => c.Change).ToList();
        var answers = await SyncClient.Push(new SyncService.SyncServiceClient(channel), headers, [details]);
        var childIds = details.Zip(answers.Single().Outcomes).ToDictionary(p => p.First.ChildCaseId, p => p.Second.RecordId);
        Assert.All(answers.Single().Outcomes, o => Assert.Equal(ChangeOutcome.Duplicate, o.Outcome));

        var children = new ChildrenService.ChildrenServiceClient(channel);
        var care = new CareService.CareServiceClient(channel);
        var records = new Dictionary<string, GetCareRecordResponse>();
        foreach (var (caseId, childId) in childIds)
        {
            records[caseId] = await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers);
            var sent = expected.Where(c => c.Change.ChildCaseId == caseId && c.Change.ContentCase == ChangeRecord.ContentOneofCase.CareRecord)
                .Select(c => c.Change.CareRecord.ToString()).Order(StringComparer.Ordinal);
            Assert.Equal(sent, records[caseId].Records.Select(r => AsSent(r.Record)).Order(StringComparer.Ordinal));
        }

        var s001 = (await children.GetChildAsync(new GetChildRequest { ChildId = childIds["S001"], Purpose = AccessPurpose.CaseSync }, headers)).Child;
        Assert.True(s001.NamesNotRecorded);
        Assert.Equal(("2012-05-14", "Z90300000001A"), (s001.BirthDate.Date, s001.Identifiers.UniquePupilNumber));
        Assert.Contains(s001.Identifiers.BoroughCaseIds, c => c.Borough == ChildRequests.Westminster && c.CaseId == "S001");

        var episodes = records["S001"].Records.Where(r => r.Kind == CareRecordKind.CareEpisode).Select(r => r.Record.CareEpisode).ToList();
        Assert.Equal([("2025-04-10", "U1", "W9", "X1"), ("2025-09-02", "U4", "W10", "")],
            episodes.Select(e => (e.StartDate, e.PlacementType, e.PostcodeDistrict, e.ReasonCeased)));
        Assert.True(records["S001"].Summary.LookedAfter);
        Assert.Equal(("C2", 2, 1), (records["S001"].Summary.LegalStatus, records["S001"].Summary.Placements, records["S001"].Summary.MissingEpisodes));
        Assert.Equal(["PN1", "PN3"], records["S001"].Records.Where(r => r.Kind == CareRecordKind.CareReview).Select(r => r.Record.CareReview.Participation));
        Assert.True(records["S009"].Summary.CurrentlyMissing);

        var adoption = records["S003"].Records.Where(r => r.Kind == CareRecordKind.AdoptionMilestone).Select(r => r.Record.AdoptionMilestone).OrderBy(m => m.Step);
        Assert.Equal(["2024-07-01", "2024-08-20", "2024-12-10", "2025-01-15", "2025-09-30"], adoption.Select(m => m.MilestoneDate));
        Assert.Equal(257, records["S003"].Summary.DaysFromCareToAdoptiveFamily); // 3 May 2024 to 15 January 2025

        var leaver = records["S004"].Summary.CareLeaver;
        Assert.Equal(("2025-06-20", "YES", "F2", "U", true), (leaver.StatusDate, leaver.InTouch, leaver.Activity, leaver.Accommodation, leaver.AccommodationSuitable));

        var protection = records["C102"].Records.Single(r => r.Kind == CareRecordKind.Plan).Record.Plan;
        Assert.Equal((PlanType.ChildProtection, "PHY", "EMO", 2), (protection.Type, protection.InitialCategory, protection.LatestCategory, protection.ReviewDates.Count));
        var c102Enquiry = records["C102"].Records.Single(r => r.Kind == CareRecordKind.Section47Enquiry);
        Assert.Equal("2025-07-02", c102Enquiry.Record.Section47.StartDate);
        var c102Conference = records["C102"].Records.Single(r => r.Kind == CareRecordKind.Conference).Record.Conference;
        Assert.Equal(("2025-07-20", c102Enquiry.RecordId, "S47-C102-20250702", true), (c102Conference.ConferenceDate, c102Conference.Section47Id, c102Conference.Section47SourceId, c102Conference.ResultedInPlan));
        Assert.Single(records["C103"].Summary.ReReferrals);
        Assert.Equal(["2B", "3A"], records["C101"].Records.Single(r => r.Kind == CareRecordKind.Assessment).Record.Assessment.Factors);

        // S008 is in both returns: one child, with the CIN census's referral and plan and SSDA903's episode.
        Assert.Equal([CareRecordKind.Referral, CareRecordKind.Assessment, CareRecordKind.Section47Enquiry, CareRecordKind.Conference, CareRecordKind.Plan, CareRecordKind.CareEpisode],
            records["S008"].Records.Select(r => r.Kind).Order());
    }
}
