using PartnershipHub.Cli.Import;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;

namespace PartnershipHub.Cli.Tests.Import;

/// <summary>The looked-after children return (SSDA903) mapped file by file to the hub's records.</summary>
public sealed class Ssda903MappingTests
{
    private const string Header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,14/05/2012,WBRI,Z90300000001A,,\nA2,2,01/02/2022,WBRI,UN3,,\n";

    [Fact]
    public void Header_rows_become_children_without_names_with_their_date_of_birth_and_upn_and_sex_and_ethnicity_are_counted_as_not_imported()
    {
        using var folder = new ReturnsFolder().With("Header.CSV", Header);
        var plan = folder.Map();

        var children = plan.Changes.Select(c => c.Change).ToList();
        Assert.Equal(["CHILD-A1", "CHILD-A2"], children.Select(c => c.SourceId));
        Assert.All(children, c => Assert.Equal(ChangeRecord.ContentOneofCase.Child, c.ContentCase));
        Assert.Equal(("", "", "2012-05-14", BirthDateStatus.Known, "Z90300000001A"),
            (children[0].Child.GivenName, children[0].Child.FamilyName, children[0].Child.BirthDate.Date, children[0].Child.BirthDate.Status, children[0].Child.UniquePupilNumber));
        Assert.Equal(string.Empty, children[1].Child.UniquePupilNumber); // UN3: UPN not known
        Assert.Equal(2, plan.NotImported["Header.CSV SEX"]);
        Assert.Equal(2, plan.NotImported["Header.CSV ETHNIC"]);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Episodes_become_care_episodes_with_the_postcode_district_and_adoption_milestones_come_from_legal_status_placement_and_reason_ceased()
    {
        using var folder = new ReturnsFolder().With("header.csv", Header).With("episodes.csv", """
            CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
            A2,03/05/2024,S,C2,N1,U3,PR1,20/08/2024,X1,,W2 1,w2 6hj,
            A2,20/08/2024,L,E1,N1,U3,PR1,15/01/2025,X1,,W2 1,W2 6HJ,
            A2,15/01/2025,P,E1,N1,A5,PR1,30/09/2025,E11,PLACE,W2 1,HA02XX,
            """);
        var plan = folder.Map();

        var episodes = Care(plan, CareRecordKind.CareEpisode);
        Assert.Equal(["EP-A2-20240503", "EP-A2-20240820", "EP-A2-20250115"], episodes.Select(e => e.Change.SourceId));
        var first = episodes[0].Change.CareRecord.CareEpisode;
        Assert.Equal(("2024-05-03", "S", "C2", "U3", "PR1", "W2", "2024-08-20", "X1"),
            (first.StartDate, first.ReasonForNewEpisode, first.LegalStatus, first.PlacementType, first.Provider, first.PostcodeDistrict, first.EndDate, first.ReasonCeased));
        Assert.Equal("HA0", episodes[2].Change.CareRecord.CareEpisode.PostcodeDistrict); // a postcode written without its space
        Assert.Equal(("episodes.csv", 2), (episodes[0].File, episodes[0].Line));

        var milestones = Care(plan, CareRecordKind.AdoptionMilestone).Select(m => m.Change.CareRecord.AdoptionMilestone).ToList();
        Assert.Equal([(AdoptionStep.PlacementOrder, "2024-08-20"), (AdoptionStep.PlacedForAdoption, "2025-01-15"), (AdoptionStep.AdoptionOrder, "2025-09-30")],
            milestones.Select(m => (m.Step, m.MilestoneDate)));
        Assert.Equal(3, plan.NotImported["episodes.csv CIN"]);
        Assert.Equal(1, plan.NotImported["episodes.csv REASON_PLACE_CHANGE"]);
    }

    [Fact]
    public void Reviews_missing_episodes_care_leavers_and_adoption_files_map_and_files_the_hub_does_not_hold_are_counted_whole()
    {
        using var folder = new ReturnsFolder().With("header.csv", Header)
            .With("reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,14/05/2012,06/05/2025,pn1\n")
            .With("missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,14/05/2012,A,14/11/2025,\n")
            .With("oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nA1,14/05/2012,YES,F2,U2\n")
            .With("placedadoption.csv", "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\nA2,01/02/2022,01/07/2024,,\n")
            .With("ad1.csv", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\nA2,01/02/2022,01/07/2024,10/12/2024,0,2,MF,L0\n")
            .With("oc2.csv", "CHILD,DOB,SDQ_SCORE\nA1,14/05/2012,14\nA2,01/02/2022,3\n")
            .With("uasc.csv", "CHILD,SEX,DOB,DUC\nA1,1,14/05/2012,14/05/2030\n");
        var plan = folder.Map();

        var review = Care(plan, CareRecordKind.CareReview).Single().Change;
        Assert.Equal(("REV-A1-20250506", "2025-05-06", "PN1"), (review.SourceId, review.CareRecord.CareReview.ReviewDate, review.CareRecord.CareReview.Participation));
        var missing = Care(plan, CareRecordKind.MissingEpisode).Single().Change.CareRecord.MissingEpisode;
        Assert.Equal(("2025-11-14", "", "A"), (missing.StartDate, missing.EndDate, missing.MissingType));

        // OC3 is dated by the birthday in the year to the reference date; ACCOM's second character is suitability.
        var leaver = Care(plan, CareRecordKind.CareLeaverStatus).Single().Change.CareRecord.CareLeaverStatus;
        Assert.Equal(("2025-05-14", "YES", "F2", "U", false), (leaver.StatusDate, leaver.InTouch, leaver.Activity, leaver.Accommodation, leaver.AccommodationSuitable));

        // The decision to place is in both PlacedAdoption and AD1: one record.
        var adoption = Care(plan, CareRecordKind.AdoptionMilestone).Select(m => m.Change.CareRecord.AdoptionMilestone).ToList();
        Assert.Equal([(AdoptionStep.DecisionToPlace, "2024-07-01"), (AdoptionStep.Matched, "2024-12-10")], adoption.Select(m => (m.Step, m.MilestoneDate)));
        Assert.Equal(1, plan.NotImported["ad1.csv SEX_ADOPTR"]);
        Assert.Equal(2, plan.NotImported["oc2.csv (whole file)"]);
        Assert.Equal(1, plan.NotImported["uasc.csv (whole file)"]);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Rows_with_unknown_codes_bad_dates_or_conflicting_records_are_refused_with_their_file_and_line_and_not_sent()
    {
        using var folder = new ReturnsFolder().With("header.csv", Header + "A3,1,31/02/2011,WBRI,,,\n")
            .With("episodes.csv", """
                CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
                A1,10/04/2025,S,Z9,N1,U1,PR1,,,,W9 3,W9 3AB,
                A1,10/06/2025,S,C2,N1,U1,PR1,,,,W9 3,99 9ZZ,
                A1,10/08/2025,S,C2,N1,U1,PR1,,,,W9 3,W9 3AB,
                A1,10/08/2025,S,C2,N1,U2,PR1,,,,W9 3,W9 3AB,
                """)
            .With("oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nA9,14/05/2012,YES,F2,U\n");
        var plan = folder.Map();

        Assert.Equal(
        [
            "header.csv:4: DOB '31/02/2011' is not a date (dd/mm/yyyy or yyyy-mm-dd).",
            "episodes.csv:2: LS 'Z9' must be a code of the SSDA903 LS: legal status list: C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4.",
            "episodes.csv:3: PL_POST '99 9ZZ' must be a postcode (the hub keeps its district, e.g. W6).",
            "episodes.csv:5: says something different about the same record as episodes.csv:4, which is imported.",
        ], plan.Problems.Take(4).Select(p => p.ToString()));
        Assert.Contains(plan.Problems, p => p.File == "oc3.csv" && p.Line == 2 && p.Reason.Contains("ACCOM 'U'", StringComparison.Ordinal) && p.Reason.Contains("no date of birth", StringComparison.Ordinal));
        Assert.Equal(["EP-A1-20250810"], Care(plan, CareRecordKind.CareEpisode).Select(e => e.Change.SourceId));
        Assert.DoesNotContain(plan.Changes, c => c.Change.ChildCaseId == "A3");
    }

    [Fact]
    public void The_same_files_map_to_the_same_source_ids_and_versions_and_a_changed_row_keeps_its_id_with_a_new_version()
    {
        const string episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA1,10/04/2025,S,C2,N1,U1,PR1,,,,W9 3,W9 3AB,\n";
        using var folder = new ReturnsFolder().With("header.csv", Header).With("episodes.csv", episodes);
        var first = folder.Map().Changes.Select(c => c.Key).ToList();
        var again = folder.Map().Changes.Select(c => c.Key).ToList();
        folder.With("episodes.csv", episodes.Replace("U1,PR1", "U2,PR1", StringComparison.Ordinal));
        var changed = folder.Map().Changes.ToList();

        Assert.Equal(first, again);
        Assert.All(changed, c => Assert.Matches("^[0-9a-f]{64}$", c.Change.Version));
        var episode = changed.Single(c => c.Change.Kind == CareRecordKind.CareEpisode);
        Assert.Equal("EP-A1-20250410", episode.Change.SourceId);
        Assert.DoesNotContain(episode.Key, first);
        Assert.Contains(changed.Single(c => c.Change.SourceId == "CHILD-A1").Key, first);
    }

    private static List<ImportedChange> Care(ImportPlan plan, CareRecordKind kind) => [.. plan.Changes.Where(c => c.Change.Kind == kind)];
}
