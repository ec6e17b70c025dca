using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>
/// Classes 3 and 5 of issue 13: a child's identifiers resolve only within the MASH partnership covering the child's
/// borough, and a borough's case ids are its own.
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class IdentifierMatchingTests(HubFixture fixture) : IDisposable
{
    private readonly Attack attack = new(fixture);

    [Fact]
    public async Task Ealing_cannot_attach_a_contact_to_a_Westminster_child_by_NHS_number_or_UPN_and_Westminster_is_told()
    {
        var westminsterChild = await attack.WestminsterChild();
        var ealing = attack.As(Attack.Ealing, "mash-practitioner");

        var byNhs = await attack.Mash.RecordContactAsync(
            Attack.Contact(Attack.Ealing, new ChildIdentifiers { NhsNumber = westminsterChild.Identifiers.NhsNumber }), ealing);
        var byUpn = await attack.Mash.RecordContactAsync(
            Attack.Contact(Attack.Ealing, new ChildIdentifiers { UniquePupilNumber = westminsterChild.Identifiers.UniquePupilNumber }), ealing);

        // Ealing learns nothing: a new Ealing child each time, as if no child held the identifier.
        Assert.Equal(ChildMatch.NewChild, byNhs.Match);
        Assert.Equal(ChildMatch.NewChild, byUpn.Match);
        Assert.NotEqual(westminsterChild.ChildId, byNhs.Contact.ChildId);
        Assert.NotEqual(westminsterChild.ChildId, byUpn.Contact.ChildId);
        Assert.Equal(Attack.Ealing, byNhs.Contact.Borough);

        // Ealing's second contact about the same child finds Ealing's own child, not Westminster's.
        var again = await attack.Mash.RecordContactAsync(
            Attack.Contact(Attack.Ealing, new ChildIdentifiers { NhsNumber = westminsterChild.Identifiers.NhsNumber }), ealing);
        Assert.Equal(ChildMatch.NhsNumber, again.Match);
        Assert.Equal(byNhs.Contact.ChildId, again.Contact.ChildId);

        // Westminster's child has no Ealing contact, and its trail tells Westminster's managers of the possible duplicate.
        var trail = await attack.Trail(westminsterChild.ChildId, Attack.Westminster);
        Assert.DoesNotContain(trail, r => r.Action == "mash.contact.record");
        Assert.Equal(2, trail.Count(r => r.Action == "child.identifier.used-elsewhere" && r.Organisation == Attack.Ealing));
    }

    [Fact]
    public async Task A_borough_sharing_the_MASH_still_finds_the_child_by_NHS_number()
    {
        var westminsterChild = await attack.WestminsterChild();

        var contact = await attack.Mash.RecordContactAsync(
            Attack.Contact(Attack.KensingtonAndChelsea, new ChildIdentifiers { NhsNumber = westminsterChild.Identifiers.NhsNumber }),
            attack.As(Attack.KensingtonAndChelsea, "mash-practitioner"));

        Assert.Equal(ChildMatch.NhsNumber, contact.Match);
        Assert.Equal(westminsterChild.ChildId, contact.Contact.ChildId);
    }

    [Fact]
    public async Task Ealing_cannot_use_a_Westminster_case_id_and_the_attempt_is_in_Westminsters_trail()
    {
        var westminsterChild = await attack.WestminsterChild();
        var caseId = westminsterChild.Identifiers.BoroughCaseIds.Single();

        var contact = await Attack.InvalidField("child.identifiers.borough_case_ids[0].borough", () => attack.Mash.RecordContactAsync(
            Attack.Contact(Attack.Ealing, new ChildIdentifiers { BoroughCaseIds = { caseId } }), attack.As(Attack.Ealing, "mash-practitioner")).ResponseAsync);
        var registration = await Attack.InvalidField("identifiers.borough_case_ids[0].borough", () => attack.Children.RegisterChildAsync(
            Attack.Child(Attack.Ealing, new ChildIdentifiers { NhsNumber = Attack.UniqueNhsNumber(), BoroughCaseIds = { caseId } }),
            attack.As(Attack.Ealing, "social-worker")).ResponseAsync);

        Assert.DoesNotContain(westminsterChild.ChildId, contact.Status.Detail + registration.Status.Detail);
        Assert.DoesNotContain(caseId.CaseId, contact.Status.Detail + registration.Status.Detail);
        Assert.Equal(0, (await attack.Trail(westminsterChild.ChildId, Attack.Westminster)).Count(r => r.Organisation == Attack.Ealing));
    }

    [Fact]
    public async Task Westminster_cannot_take_an_Ealing_case_id_so_Ealing_registers_its_own_child_with_it()
    {
        var ealingCaseId = new BoroughCaseId { Borough = Attack.Ealing, CaseId = $"EAL-{Guid.NewGuid():N}" };

        await Attack.InvalidField("identifiers.borough_case_ids[0].borough", () => attack.Children.RegisterChildAsync(
            Attack.Child(Attack.Westminster, new ChildIdentifiers { NhsNumber = Attack.UniqueNhsNumber(), BoroughCaseIds = { ealingCaseId } }),
            attack.As(Attack.Westminster, "social-worker")).ResponseAsync);
        var ealings = await attack.Children.RegisterChildAsync(
            Attack.Child(Attack.Ealing, new ChildIdentifiers { NhsNumber = Attack.UniqueNhsNumber(), BoroughCaseIds = { ealingCaseId } }),
            attack.As(Attack.Ealing, "borough-sync"));

        Assert.Equal(Attack.Ealing, ealings.Child.ResponsibleBorough);
    }

    /// <inheritdoc />
    public void Dispose() => attack.Dispose();
}
