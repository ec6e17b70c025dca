using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>
/// Linking a borough's own case id to another borough's child (issue 13, class 5 follow-up): the way a partner's sync
/// finds a child it shares a service for, and no way for anyone else to attach to or discover a child.
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class PartnerLinkTests(HubFixture fixture) : IDisposable
{
    private readonly Attack attack = new(fixture);

    [Fact]
    public async Task Ealing_cannot_link_its_case_id_to_a_Westminster_child_and_hears_what_it_hears_for_an_unknown_child()
    {
        var westminsterChild = await attack.WestminsterChild();
        var ealingSync = attack.As(Attack.Ealing, "borough-sync");
        var ealingCase = $"EAL-{Guid.NewGuid():N}";

        var other = await Attack.Fails(StatusCode.PermissionDenied, () => attack.Children.LinkCaseIdAsync(
            new LinkCaseIdRequest { ChildId = westminsterChild.ChildId, CaseId = ealingCase }, ealingSync).ResponseAsync);
        var unknown = await Attack.Fails(StatusCode.PermissionDenied, () => attack.Children.LinkCaseIdAsync(
            new LinkCaseIdRequest { ChildId = Guid.NewGuid().ToString("N"), CaseId = ealingCase }, ealingSync).ResponseAsync);

        Assert.Equal(unknown.Status.Detail, other.Status.Detail);
        Assert.DoesNotContain(Attack.Westminster, other.Status.Detail);
        Assert.Contains(await attack.Trail(westminsterChild.ChildId, Attack.Westminster),
            r => r.Action == "child.case-id.link" && r.Organisation == Attack.Ealing && r.Outcome == "denied");
        var held = (await attack.Children.GetChildAsync(new GetChildRequest { ChildId = westminsterChild.ChildId, Purpose = AccessPurpose.CaseManagement },
            attack.As(Attack.Westminster, "social-worker"))).Child;
        Assert.DoesNotContain(held.Identifiers.BoroughCaseIds, c => c.Borough == Attack.Ealing);
    }

    [Fact]
    public async Task A_MASH_partner_links_nothing_and_a_partner_cannot_take_a_case_id_already_linked_elsewhere()
    {
        var westminsterChild = await attack.WestminsterChild();
        var secondChild = await attack.WestminsterChild();
        var rbkcCase = $"RBKC-{Guid.NewGuid():N}";

        // Sharing the MASH lets Kensington and Chelsea match identifiers, not attach its case system to a child.
        await Attack.Fails(StatusCode.PermissionDenied, () => attack.Children.LinkCaseIdAsync(
            new LinkCaseIdRequest { ChildId = westminsterChild.ChildId, CaseId = rbkcCase }, attack.As(Attack.KensingtonAndChelsea, "mash-practitioner")).ResponseAsync);

        var rbkcSync = attack.As(Attack.KensingtonAndChelsea, "borough-sync");
        await attack.Children.LinkCaseIdAsync(new LinkCaseIdRequest { ChildId = westminsterChild.ChildId, CaseId = rbkcCase }, rbkcSync);
        await Attack.InvalidField("case_id", () => attack.Children.LinkCaseIdAsync(
            new LinkCaseIdRequest { ChildId = secondChild.ChildId, CaseId = rbkcCase }, rbkcSync).ResponseAsync);
        await Attack.InvalidField("case_id", () => attack.Children.LinkCaseIdAsync(
            new LinkCaseIdRequest { ChildId = westminsterChild.ChildId, CaseId = "\u202Eevil" }, rbkcSync).ResponseAsync);
    }

    /// <inheritdoc />
    public void Dispose() => attack.Dispose();
}
