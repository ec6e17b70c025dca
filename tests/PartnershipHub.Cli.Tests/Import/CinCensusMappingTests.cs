using PartnershipHub.Cli.Import;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Cli.Tests.Import;

/// <summary>The children in need census (XML) mapped to the hub's records, and merged with SSDA903 for a child in both.</summary>
public sealed class CinCensusMappingTests
{
    private const string Census = """
        <?xml version="1.0" encoding="utf-8"?>
        <Message>
          <Children>
            <Child>
              <ChildIdentifiers>
                <LAchildID>C1</LAchildID>
                <UPN>Z90300000101A</UPN>
                <PersonBirthDate>2016-03-10</PersonBirthDate>
                <GenderCurrent>1</GenderCurrent>
              </ChildIdentifiers>
              <CINdetails>
                <CINreferralDate>2025-07-01</CINreferralDate>
                <ReferralSource>6</ReferralSource>
                <PrimaryNeedCode>N1</PrimaryNeedCode>
                <Assessments>
                  <AssessmentActualStartDate>2025-07-01</AssessmentActualStartDate>
                  <AssessmentAuthorisationDate>2025-08-12</AssessmentAuthorisationDate>
                  <FactorsIdentifiedAtAssessment>
                    <AssessmentFactors>3B</AssessmentFactors>
                    <AssessmentFactors>2A</AssessmentFactors>
                  </FactorsIdentifiedAtAssessment>
                </Assessments>
                <CINPlanDates>
                  <CINPlanStartDate>2025-06-25</CINPlanStartDate>
                  <CINPlanEndDate>2025-07-01</CINPlanEndDate>
                </CINPlanDates>
                <Section47>
                  <S47ActualStartDate>2025-07-02</S47ActualStartDate>
                  <DateOfInitialCPC>2025-07-20</DateOfInitialCPC>
                </Section47>
                <ChildProtectionPlans>
                  <CPPstartDate>2025-07-20</CPPstartDate>
                  <InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse>
                  <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
                  <NumberOfPreviousCPP>1</NumberOfPreviousCPP>
                  <Reviews>
                    <CPPreviewDate>2025-10-14</CPPreviewDate>
                    <CPPreviewDate>2026-03-10</CPPreviewDate>
                  </Reviews>
                </ChildProtectionPlans>
              </CINdetails>
            </Child>
            <Child>
              <ChildIdentifiers>
                <LAchildID>C2</LAchildID>
                <ExpectedPersonBirthDate>2026-12-15</ExpectedPersonBirthDate>
              </ChildIdentifiers>
              <CINdetails>
                <CINreferralDate>2026-03-20</CINreferralDate>
                <ReferralSource>99</ReferralSource>
              </CINdetails>
            </Child>
          </Children>
        </Message>
        """;

    [Fact]
    public void Each_cin_episode_becomes_a_referral_with_its_assessments_plans_section_47_enquiries_and_initial_conferences()
    {
        using var folder = new ReturnsFolder().With("census.xml", Census);
        var plan = folder.Map();
        CareRecordBody Body(string sourceId) => plan.Changes.Single(c => c.Change.SourceId == sourceId).Change.CareRecord;

        Assert.Equal(("2025-07-01", "6"), (Body("REF-C1-20250701").Referral.ReferralDate, Body("REF-C1-20250701").Referral.Source));
        var assessment = Body("ASM-C1-20250701").Assessment;
        Assert.Equal(("2025-07-01", "2025-08-12"), (assessment.StartDate, assessment.AuthorisedDate));
        Assert.Equal(["3B", "2A"], assessment.Factors);
        var childInNeed = Body("CINP-C1-20250625").Plan;
        Assert.Equal((PlanType.ChildInNeed, "2025-06-25", "2025-07-01"), (childInNeed.Type, childInNeed.StartDate, childInNeed.EndDate));
        var enquiry = Body("S47-C1-20250702").Section47;
        Assert.Equal(("2025-07-02", "2025-07-02", 0, Section47Outcome.Unspecified),
            (enquiry.StrategyDiscussionDate, enquiry.StartDate, enquiry.StrategyAgencies.Count, enquiry.Outcome));
        var conference = Body("ICPC-C1-20250720").Conference;
        Assert.Equal(("2025-07-20", "S47-C1-20250702", string.Empty, true, 0, false, false),
            (conference.ConferenceDate, conference.Section47SourceId, conference.Section47Id, conference.ResultedInPlan, conference.AttendingAgencies.Count,
                conference.HasQuorate, conference.HasChildHadAdvocate));
        var protection = Body("CPP-C1-20250720").Plan;
        Assert.Equal((PlanType.ChildProtection, "PHY", "EMO", 1), (protection.Type, protection.InitialCategory, protection.LatestCategory, protection.PreviousPlans));
        Assert.Equal(["2025-10-14", "2026-03-10"], protection.ReviewDates);

        var unborn = plan.Changes.Single(c => c.Change.SourceId == "CHILD-C2").Change.Child.BirthDate;
        Assert.Equal((BirthDateStatus.Expected, "2026-12-15"), (unborn.Status, unborn.Date));
        Assert.Equal(["census.xml:48: ReferralSource '99' must be a code of the CIN census ReferralSource: who made the contact or referral list: 1A, 1B, 1C, 1D, 2A, 2B, 3A, 3B, 3C, 3D, 3E, 3F, 4, 5A, 5B, 5C, 6, 7, 8, 9, 10."],
            plan.Problems.Select(p => p.ToString()));
        Assert.Equal(1, plan.NotImported["census.xml GenderCurrent"]);
        Assert.False(plan.NotImported.ContainsKey("census.xml DateOfInitialCPC"));
        Assert.Equal(1, plan.NotImported["census.xml PrimaryNeedCode"]);
    }

    [Fact]
    public void A_child_in_both_returns_is_one_child_and_a_contradicting_date_of_birth_is_refused()
    {
        const string header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,10/03/2016,WBRI,,,\n";
        using var folder = new ReturnsFolder().With("header.csv", header).With("census.xml", Census);
        var merged = folder.Map().Changes.Single(c => c.Change.SourceId == "CHILD-C1").Change.Child;
        Assert.Equal(("2016-03-10", "Z90300000101A"), (merged.BirthDate.Date, merged.UniquePupilNumber)); // the UPN from the census

        folder.With("header.csv", header.Replace("10/03/2016", "11/03/2016", StringComparison.Ordinal));
        var plan = folder.Map();
        Assert.Equal("2016-03-11", plan.Changes.Single(c => c.Change.SourceId == "CHILD-C1").Change.Child.BirthDate.Date);
        Assert.Contains(plan.Problems, p => p.File == "census.xml" && p.Line == 5 && p.Reason.Contains("differs from 2016-03-11 in header.csv:2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_xml_is_named_with_its_line()
    {
        using var folder = new ReturnsFolder().With("census.xml", "<Message>\n<Children>\n</Message>\n");
        var error = Assert.Throws<UsageException>(() => folder.Map());
        Assert.StartsWith("census.xml:3: not a CIN census XML file", error.Message);
    }
}
