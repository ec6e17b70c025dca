using PartnershipHub.Cli;
using PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Cli.Tests.Datasets;

public sealed class ExtractCsvTests
{
    [Fact]
    public void A_child_on_a_plan_and_in_care_fills_every_column_and_one_on_a_plan_only_leaves_the_care_columns_empty()
    {
        var both = new ChildExtractRow
        {
            RowId = "0a1b2c3d4e5f60718293",
            BirthMonth = "2019-06",
            ResponsibleBorough = "E09000005",
            AgeBand = "5-9",
            ChildProtection = new ExtractChildProtection { Category = "EMO" },
            LookedAfter = new ExtractLookedAfter { LegalStatus = "C2", PlacementType = "U4", PlacementPostcodeDistrict = "HA9" },
        };
        var planOnly = new ChildExtractRow { RowId = "ffeeddccbbaa99887766", BirthMonth = "not recorded", ResponsibleBorough = "E09000005", AgeBand = "unknown", ChildProtection = new() { Category = "NEG" } };

        Assert.Equal(
            "row_id,birth_month,responsible_borough,age_band,child_protection_plan,cp_category,looked_after,legal_status,placement_type,placement_postcode_district",
            ExtractCsv.Line(ExtractCsv.Header));
        Assert.Equal("0a1b2c3d4e5f60718293,2019-06,E09000005,5-9,yes,EMO,yes,C2,U4,HA9", ExtractCsv.Line(ExtractCsv.Fields(both)));
        Assert.Equal("ffeeddccbbaa99887766,not recorded,E09000005,unknown,yes,NEG,no,,,", ExtractCsv.Line(ExtractCsv.Fields(planOnly)));
    }

    [Fact]
    public void A_field_with_a_comma_or_a_quote_is_quoted() =>
        Assert.Equal("a,\"b,c\",\"say \"\"hi\"\"\"", ExtractCsv.Line(["a", "b,c", "say \"hi\""]));
}
