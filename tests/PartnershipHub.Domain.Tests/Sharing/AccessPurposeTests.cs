using System.Text.Json;
using System.Text.Json.Serialization;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Domain.Tests.Sharing;

public sealed class AccessPurposeTests
{
    /// <summary>The grain storage's enum setting (HubJsonGrainStorageSerializer): enums as their names.</summary>
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.General) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [InlineData(AccessPurpose.CaseManagement, "case-management")]
    [InlineData(AccessPurpose.MashEnquiry, "mash-enquiry")]
    [InlineData(AccessPurpose.Section47, "section-47")]
    [InlineData(AccessPurpose.CarePlanning, "care-planning")]
    [InlineData(AccessPurpose.CaseSync, "case-sync")]
    [InlineData(AccessPurpose.FosteringMatching, "fostering-matching")]
    [InlineData(AccessPurpose.AdoptionMatching, "adoption-matching")]
    [InlineData(AccessPurpose.None, "unspecified")]
    [InlineData((AccessPurpose)99, "unspecified")]
    public void Each_purpose_keeps_the_word_the_audit_trail_has_always_recorded(AccessPurpose purpose, string word) =>
        Assert.Equal(word, purpose.Name());

    [Fact]
    public void A_consent_stored_with_the_word_reads_back_as_the_purpose_and_is_stored_with_the_same_word()
    {
        // How consents and sharing decisions were stored when the purpose was a string.
        var stored = """{"Purpose":"section-47","Recipient":"met-police"}""";

        var read = JsonSerializer.Deserialize<StoredConsent>(stored, Stored)!;

        Assert.Equal(AccessPurpose.Section47, read.Purpose);
        Assert.Equal(stored, JsonSerializer.Serialize(read, Stored));
    }

    [Fact]
    public void Information_is_shared_for_enquiries_care_planning_and_matching_only()
    {
        Assert.Equal(
            [AccessPurpose.MashEnquiry, AccessPurpose.Section47, AccessPurpose.CarePlanning, AccessPurpose.FosteringMatching, AccessPurpose.AdoptionMatching],
            Enum.GetValues<AccessPurpose>().Where(p => p.IsSharing()));
        Assert.False(((AccessPurpose)99).IsSharing());
    }

    private sealed record StoredConsent(AccessPurpose Purpose, string Recipient);
}
