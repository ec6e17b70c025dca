using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Domain.Tests.Measures;

/// <summary>
/// The two disclosure modes: publication tables that cannot be played off against each other, and the board's exact
/// figures, which only the partnership's analysts and administrators of a member organisation read.
/// </summary>
public sealed class DisclosureModesTests
{
    private static readonly string[] Boroughs = ["E09000013", "E09000020", "E09000033", "E09000009", "E09000018", "E09000005"];
    private static readonly string[] Bands = ["under-1", "1-4", "5-9", "10-15", "16-17"];
    private static readonly DateOnly March = new(2025, 3, 31);
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public void A_borough_total_from_one_publication_table_less_the_breakdown_shown_in_another_never_gives_a_hidden_band_away()
    {
        var recovered = 0;
        for (var seed = 1; seed <= 300; seed++)
        {
            var datasets = Datasets(RandomPlans(new Random(seed)), DisclosureMode.Publication);
            var totals = Build(datasets, dimensions: []);
            var byAge = Build(datasets, dimensions: ["age-band"]).Where(c => c.Breakdown.Length > 0).ToList();
            foreach (var scope in Boroughs.Append(Domain.Measures.Datasets.Partnership))
            {
                var total = totals.Single(c => c.Borough == scope);
                var bands = byAge.Where(c => c.Borough == scope).ToList();
                if (!total.Suppressed && bands.Count(c => c.Suppressed) == 1)
                {
                    recovered++; // total - the bands shown = the hidden band, exactly
                }
            }

            // and the partnership's band less the boroughs' bands shown
            foreach (var band in byAge.GroupBy(c => c.Breakdown))
            {
                recovered += band.Single(c => c.Borough == Domain.Measures.Datasets.Partnership).Suppressed || band.Count(c => c.Suppressed) != 1 ? 0 : 1;
            }
        }

        Assert.Equal(0, recovered);
    }

    [Fact]
    public void The_board_table_shows_the_small_numbers_that_the_publication_table_hides()
    {
        var plans = new Dictionary<string, Dictionary<string, long>>
        {
            [MeasureCell.ShardOf("E09000013", "2025-03-31")] = new() { ["cp-plans/"] = 40, ["cp-plans/age-band=16-17"] = 2, ["cp-plans/age-band=5-9"] = 38 },
            [MeasureCell.ShardOf("E09000020", "2025-03-31")] = new() { ["cp-plans/"] = 30, ["cp-plans/age-band=16-17"] = 3, ["cp-plans/age-band=5-9"] = 27 },
        };

        var publication = Build(Datasets(plans, DisclosureMode.Publication), ["age-band"]);
        var board = Build(Datasets(plans, DisclosureMode.Board), ["age-band"]);

        Assert.True(publication.Single(c => c.Borough == "E09000013" && c.Breakdown == "age-band=16-17").Suppressed);
        Assert.Equal(2, board.Single(c => c.Borough == "E09000013" && c.Breakdown == "age-band=16-17").Count);
        Assert.Equal(3, board.Single(c => c.Borough == "E09000020" && c.Breakdown == "age-band=16-17").Count);
        Assert.DoesNotContain(board, c => c.Suppressed);
    }

    [Theory]
    [InlineData(HubRoles.PartnershipAnalyst, "E09000033", true)]
    [InlineData(HubRoles.Administrator, "E09000013", true)]
    [InlineData(HubRoles.PartnershipAnalyst, "lscp", false)] // not a member of the safeguarding partnership
    [InlineData(HubRoles.Administrator, "hub-admin", false)]
    [InlineData(HubRoles.SocialWorker, "E09000033", false)]
    [InlineData(HubRoles.MashManager, "E09000033", false)]
    [InlineData(HubRoles.AgencyResponder, "met-police", false)]
    [InlineData(HubRoles.BoroughSync, "E09000033", false)]
    public void Board_figures_of_the_tri_borough_are_read_only_by_analysts_and_administrators_of_its_members(string role, string organisation, bool allowed)
    {
        var caller = new Caller(organisation, role, "u");
        string[] triBorough = ["E09000013", "E09000020", "E09000033"];

        Assert.Equal(allowed, AccessPolicy.CanReadDataset(caller, DisclosureMode.Board, triBorough, false, triBorough, PartnershipAgreements.Seed, Today).Allowed);
    }

    [Fact]
    public void Board_figures_are_refused_for_a_borough_outside_the_callers_partnership_for_the_partnership_total_and_after_the_agreement_ends()
    {
        var analyst = new Caller("E09000033", HubRoles.PartnershipAnalyst, "u");
        var ended = PartnershipAgreements.Seed.Select(a => a.Id == "lscb-triborough" ? a with { To = Today.AddDays(-1) } : a).ToList();

        Assert.False(AccessPolicy.CanReadDataset(analyst, DisclosureMode.Board, ["E09000009"], false, ["E09000009"], PartnershipAgreements.Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanReadDataset(analyst, DisclosureMode.Board, ["E09000033"], true, Boroughs, PartnershipAgreements.Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanReadDataset(analyst, DisclosureMode.Board, ["E09000033"], false, ["E09000033"], ended, Today).Allowed);
        Assert.Equal(["E09000013", "E09000020", "E09000033"], AccessPolicy.BoardBoroughs(analyst, PartnershipAgreements.Seed, Today));
    }

    [Fact]
    public void Publication_is_the_mode_for_everyone_else_as_before()
    {
        var socialWorker = new Caller("E09000033", HubRoles.SocialWorker, "u");
        Assert.True(AccessPolicy.CanReadDataset(socialWorker, DisclosureMode.Publication, ["E09000033"], false, ["E09000033"], PartnershipAgreements.Seed, Today).Allowed);
        Assert.False(AccessPolicy.CanReadDataset(socialWorker, DisclosureMode.Publication, ["E09000013"], false, ["E09000013"], PartnershipAgreements.Seed, Today).Allowed);
    }

    /// <summary>Children on plans at 31 March by borough and age band, many of them small numbers.</summary>
    private static Dictionary<string, Dictionary<string, long>> RandomPlans(Random random)
    {
        var totals = new Dictionary<string, Dictionary<string, long>>();
        foreach (var borough in Boroughs)
        {
            var cells = new Dictionary<string, long>();
            foreach (var band in Bands)
            {
                cells[$"cp-plans/age-band={band}"] = random.Next(3) == 0 ? random.Next(0, 6) : random.Next(0, 40);
            }

            cells["cp-plans/"] = cells.Values.Sum();
            totals[MeasureCell.ShardOf(borough, "2025-03-31")] = cells;
        }

        return totals;
    }

    private static Datasets Datasets(Dictionary<string, Dictionary<string, long>> totals, DisclosureMode mode) =>
        new(Boroughs, (b, p) => totals.GetValueOrDefault(MeasureCell.ShardOf(b, p)) ?? [], PopulationEstimates.Illustrative, mode.Suppressing(SmallNumbers.Default));

    private static IReadOnlyList<DatasetCell> Build(Datasets datasets, string[] dimensions) =>
        datasets.Build(new DatasetQuery([MeasureCatalogue.Find("cp-plans")!], [], [March], Boroughs, true, dimensions));
}
