using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Domain.Tests.Access;

/// <summary>
/// The multi-agency view rules, over every caller organisation, role, agreement date, consent state and override:
/// nothing is shown unless a rule allows it.
/// </summary>
public sealed class MultiAgencyViewPolicyTests
{
    private const string Westminster = "E09000033";
    private const string Kensington = "E09000020";
    private const string Hammersmith = "E09000013";
    private const string Ealing = "E09000009";
    private const string Police = "met-police";
    private const string Health = "nhs-cnwl";
    private static readonly DateTimeOffset Recorded = new(2016, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A MASH of Westminster and Kensington throughout; Hammersmith a member only from 2012 to 2018.</summary>
    private static readonly PartnershipAgreement[] Agreements =
    [
        new("mash-bi", "Bi-borough MASH", SharedService.Mash, [Westminster, Kensington], new(2011, 4, 1), null),
        new("mash-tri", "Tri-borough MASH", SharedService.Mash, [Westminster, Kensington, Hammersmith], new(2012, 4, 1), new(2018, 3, 31)),
        new("fostering", "Fostering", SharedService.Fostering, [Westminster, Ealing], new(2011, 4, 1), null),
    ];

    public static TheoryData<string, string, DateOnly> Callers()
    {
        var data = new TheoryData<string, string, DateOnly>();
        foreach (var organisation in new[] { Westminster, Kensington, Hammersmith, Ealing, Police })
        {
            foreach (var role in HubRoles.All.Append("unknown-role"))
            {
                foreach (var day in new DateOnly[] { new(2011, 1, 1), new(2015, 6, 1), new(2018, 3, 31), new(2018, 4, 1), new(2026, 11, 23) })
                {
                    data.Add(organisation, role, day);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public void Only_MASH_staff_of_a_borough_in_the_MASH_partnership_that_day_see_anything(string organisation, string role, DateOnly day)
    {
        var mashStaff = role is HubRoles.MashPractitioner or HubRoles.MashManager;
        var sharesMash = organisation == Westminster
            || (organisation == Kensington && day >= new DateOnly(2011, 4, 1))
            || (organisation == Hammersmith && day >= new DateOnly(2012, 4, 1) && day <= new DateOnly(2018, 3, 31));

        foreach (var consent in Enum.GetValues<ConsentState>())
        {
            foreach (var withOverride in new[] { false, true })
            {
                var decision = View(new Caller(organisation, role, "u"), day, [Fact(Police, consent)], withOverride ? [Override(Police)] : []);

                Assert.Equal(mashStaff && sharesMash, decision.Allowed);
                if (!decision.Allowed)
                {
                    Assert.Empty(decision.Contributions);
                    continue;
                }

                var police = Contribution(decision, Police);
                Assert.False(Contribution(decision, Health).Included); // nothing recorded for health: withheld
                Assert.Equal(consent == ConsentState.Given || withOverride, police.Included);
                Assert.Equal(
                    consent == ConsentState.Given ? LawfulBasis.Consent : withOverride ? LawfulBasis.SafeguardingOfChildren : LawfulBasis.None,
                    police.Basis);
            }
        }
    }

    [Fact]
    public void Consent_and_overrides_count_only_for_their_own_purpose_and_agency()
    {
        var caller = new Caller(Westminster, HubRoles.MashPractitioner, "u");
        var day = new DateOnly(2026, 1, 1);
        var otherPurpose = new ConsentFact(AccessPurpose.Section47, Police, ConsentState.Given, Recorded);
        var otherAgency = new ConsentFact(AccessPurpose.MashEnquiry, Health, ConsentState.Given, Recorded);
        var overrideForS47 = new OverrideFact(AccessPurpose.Section47, null, LawfulBasis.LegalObligation, "m", Recorded);

        var decision = View(caller, day, [otherPurpose, otherAgency], [overrideForS47]);

        Assert.False(Contribution(decision, Police).Included);
        Assert.True(Contribution(decision, Health).Included);
    }

    [Fact]
    public void The_latest_consent_counts_so_a_withdrawal_withholds_again()
    {
        var caller = new Caller(Westminster, HubRoles.MashPractitioner, "u");
        var given = Fact(Police, ConsentState.Given);
        var withdrawn = given with { State = ConsentState.Withdrawn, RecordedAt = Recorded.AddDays(1) };

        var decision = View(caller, new DateOnly(2026, 1, 1), [withdrawn, given], []);

        var police = Contribution(decision, Police);
        Assert.False(police.Included);
        Assert.Contains("withdrawn", police.Reason);
    }

    [Fact]
    public void An_override_for_every_agency_covers_each_one()
    {
        var caller = new Caller(Westminster, HubRoles.MashManager, "u");
        var all = new OverrideFact(AccessPurpose.MashEnquiry, null, LawfulBasis.LawEnforcement, "manager", Recorded);

        var decision = View(caller, new DateOnly(2026, 1, 1), [Fact(Health, ConsentState.Refused)], [all]);

        Assert.All(decision.Contributions, c => Assert.True(c.Included));
        Assert.Equal(2, decision.Contributions.Count);
    }

    [Theory]
    [InlineData(AccessPurpose.CaseManagement)]
    [InlineData(AccessPurpose.CaseSync)]
    [InlineData(AccessPurpose.None)]
    [InlineData((AccessPurpose)99)]
    public void Purposes_that_are_not_for_sharing_see_nothing(AccessPurpose purpose)
    {
        var caller = new Caller(Westminster, HubRoles.MashManager, "u");
        var decision = AccessPolicy.MultiAgencyView(caller, Westminster, purpose, new DateOnly(2026, 1, 1), Agreements,
            [Fact(Police, ConsentState.Given)], [], [Police]);

        Assert.False(decision.Allowed);
        Assert.Empty(decision.Contributions);
    }

    [Theory]
    [InlineData(HubRoles.MashManager, Kensington, true)]
    [InlineData(HubRoles.MashPractitioner, Westminster, false)]
    [InlineData(HubRoles.MashManager, Ealing, false)]
    [InlineData(HubRoles.Administrator, Westminster, false)]
    public void Only_a_MASH_manager_in_the_partnership_authorises_sharing_without_consent(string role, string organisation, bool allowed)
    {
        var decision = AccessPolicy.CanAuthoriseSharingWithoutConsent(new Caller(organisation, role, "u"), Westminster, Agreements, new DateOnly(2026, 1, 1));
        Assert.Equal(allowed, decision.Allowed);
    }

    [Theory]
    [InlineData(HubRoles.AgencyResponder, Police, true)]
    [InlineData(HubRoles.AgencyResponder, Health, false)]
    [InlineData(HubRoles.MashPractitioner, Police, false)]
    public void An_agency_answers_only_requests_addressed_to_it(string role, string organisation, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.CanAnswerInformationRequest(new Caller(organisation, role, "u"), Police).Allowed);

    [Fact]
    public void The_seeded_history_keeps_Hammersmiths_adoption_apart_from_October_2019()
    {
        var seed = PartnershipAgreements.Seed;
        Assert.True(PartnershipAgreements.Share(seed, SharedService.Adoption, Hammersmith, Westminster, new DateOnly(2019, 9, 30)));
        Assert.False(PartnershipAgreements.Share(seed, SharedService.Adoption, Hammersmith, Westminster, new DateOnly(2019, 10, 1)));
        Assert.True(PartnershipAgreements.Share(seed, SharedService.Adoption, Hammersmith, Ealing, new DateOnly(2019, 10, 1)));
        Assert.True(PartnershipAgreements.Share(seed, SharedService.Mash, Hammersmith, Westminster, new DateOnly(2020, 1, 1)));
        Assert.False(PartnershipAgreements.Share(seed, SharedService.Mash, Ealing, Westminster, new DateOnly(2020, 1, 1)));
    }

    private static MultiAgencyViewDecision View(Caller caller, DateOnly day, ConsentFact[] consents, OverrideFact[] overrides) =>
        AccessPolicy.MultiAgencyView(caller, Westminster, AccessPurpose.MashEnquiry, day, Agreements, consents, overrides, [Police, Health, Police]);

    private static ConsentFact Fact(string agency, ConsentState state) => new(AccessPurpose.MashEnquiry, agency, state, Recorded);

    private static OverrideFact Override(string agency) =>
        new(AccessPurpose.MashEnquiry, agency, LawfulBasis.SafeguardingOfChildren, "manager", Recorded);

    private static ContributionAccess Contribution(MultiAgencyViewDecision decision, string agency) =>
        Assert.Single(decision.Contributions, c => c.Agency == agency);
}
