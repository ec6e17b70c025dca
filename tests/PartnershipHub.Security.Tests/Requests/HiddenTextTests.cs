using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>Class 9 of issue 13: names, references and identifiers cannot hide what they say; free text is normalised.</summary>
[Collection(SecurityHubCollection.Name)]
public sealed class HiddenTextTests(HubFixture fixture) : IDisposable
{
    private readonly Attack attack = new(fixture);

    [Theory]
    [InlineData("Sam\u202Eelpmaxe")]
    [InlineData("Sa\u200Bm")]
    [InlineData("Sam\u0007")]
    public async Task A_name_with_a_direction_override_zero_width_or_control_character_is_refused(string givenName)
    {
        var request = Attack.Child(Attack.Westminster);
        request.GivenName = givenName;

        await Attack.InvalidField("given_name", () =>
            attack.Children.RegisterChildAsync(request, attack.As(Attack.Westminster, "social-worker")).ResponseAsync);
    }

    [Fact]
    public async Task A_case_reference_or_case_id_with_a_hidden_character_is_refused()
    {
        var child = await attack.WestminsterChild();
        var socialWorker = attack.As(Attack.Westminster, "social-worker");

        await Attack.InvalidField("case_reference", () => attack.Children.GetChildAsync(
            new GetChildRequest { ChildId = child.ChildId, Purpose = AccessPurpose.CaseManagement, CaseReference = "MASH-\u200D42" }, socialWorker).ResponseAsync);
        await Attack.InvalidField("identifiers.borough_case_ids[0].case_id", () => attack.Children.RegisterChildAsync(
            Attack.Child(Attack.Westminster, new ChildIdentifiers { BoroughCaseIds = { new BoroughCaseId { Borough = Attack.Westminster, CaseId = "WCC-1\u2066" } } }),
            socialWorker).ResponseAsync);
    }

    [Fact]
    public async Task Concerns_are_stored_in_NFC_with_plain_line_breaks_and_a_direction_override_in_them_is_refused()
    {
        var practitioner = attack.As(Attack.Westminster, "mash-practitioner");
        var contact = Attack.Contact(Attack.Westminster, new ChildIdentifiers { NhsNumber = Attack.UniqueNhsNumber() });
        contact.Concerns = "Cafe\u0301 owner called.\r\nChild was alone.";

        var recorded = await attack.Mash.RecordContactAsync(contact, practitioner);

        Assert.Equal("Caf\u00E9 owner called.\nChild was alone.", recorded.Contact.Concerns);
        contact.Concerns = "Nothing to see \u202Eereh";
        await Attack.InvalidField("concerns", () => attack.Mash.RecordContactAsync(contact, practitioner).ResponseAsync);
    }

    /// <inheritdoc />
    public void Dispose() => attack.Dispose();
}
