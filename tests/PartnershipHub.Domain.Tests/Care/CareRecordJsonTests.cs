using System.Text.Json;
using PartnershipHub.Domain.Care;

namespace PartnershipHub.Domain.Tests.Care;

/// <summary>Care records are stored, and carried between silos, as JSON: each says its kind and keeps only its own fields.</summary>
public sealed class CareRecordJsonTests
{
    [Fact]
    public void Every_kind_of_record_round_trips_through_json_with_its_kind_and_without_worked_out_values()
    {
        CareRecord[] records =
        [
            new Referral(new(2025, 1, 6), "6", null),
            new Assessment(new(2025, 1, 7), new(2025, 2, 20), ["3B", "16A"]),
            new Section47Enquiry(new(2025, 1, 8), ["E09000033", "met-police", "nhs-cnwl"], new(2025, 1, 8), null, Section47Outcome.None),
            new Conference(new(2025, 1, 27), "abc", ["E09000033"], true, true, new(2025, 1, 24), true),
            new Plan(PlanType.ChildProtection, new(2025, 1, 27), null, "NEG", "NEG", 1, [new(2025, 4, 20)]),
            new CareEpisode(new(2025, 3, 10), "S", "C1", "U3", "PR1", "W6", new(2025, 6, 2), "X1"),
            new CareReview(new(2025, 4, 1), "PN1"),
            new MissingEpisode(new(2025, 10, 1), new(2025, 10, 3), "M", new ReturnInterview(new(2025, 10, 4), true, "barnardos", ["a"], ["b"], ["c"], ["d"])),
            new CseRisk(new(2025, 9, 1), "CAT1"),
            new AdoptionMilestone(AdoptionStep.Matched, new(2026, 3, 2), "adopter"),
            new CareLeaverStatus(new(2026, 5, 17), "YES", "F1", "U", true, "Leaving care team", null),
        ];

        var json = JsonSerializer.Serialize(records);
        var back = JsonSerializer.Deserialize<CareRecord[]>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(records.Select(r => r.Kind), back.Select(r => r.Kind));
        Assert.Contains("\"$kind\":\"care-episode\"", json);
        Assert.DoesNotContain("IsPlacementMove", json);
        Assert.DoesNotContain("\"Period\"", json);
        Assert.DoesNotContain("MultiAgencyStrategy", json);
    }
}
