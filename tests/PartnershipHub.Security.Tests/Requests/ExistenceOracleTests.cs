using Grpc.Core;
using PartnershipHub.Contracts.Adoption.V1;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Fostering.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>Class 4 of issue 13: the hub's answers do not tell a caller whether a child they may not see exists.</summary>
[Collection(SecurityHubCollection.Name)]
public sealed class ExistenceOracleTests(HubFixture fixture) : IDisposable
{
    private readonly Attack attack = new(fixture);

    [Fact]
    public async Task An_unknown_child_and_another_boroughs_child_give_Ealing_identical_answers_and_both_are_audited()
    {
        var westminsterChild = await attack.WestminsterChild();
        var unknownId = Guid.NewGuid().ToString("N");
        var ealing = attack.As(Attack.Ealing, "mash-practitioner");

        foreach (var call in new Func<string, Task>[]
        {
            id => attack.Children.GetChildAsync(new GetChildRequest { ChildId = id, Purpose = AccessPurpose.MashEnquiry }, ealing).ResponseAsync,
            id => attack.Mash.GetMultiAgencyViewAsync(new GetMultiAgencyViewRequest { ChildId = id, Purpose = AccessPurpose.MashEnquiry, CaseReference = "MASH-1" }, ealing).ResponseAsync,
            id => attack.Mash.RecordConsentAsync(new RecordConsentRequest { ChildId = id, Purpose = AccessPurpose.MashEnquiry, Recipient = "met-police", State = ConsentState.Given }, ealing).ResponseAsync,
            id => attack.Audit.ListChildAccessAsync(new ListChildAccessRequest { ChildId = id }, ealing).ResponseAsync,
        })
        {
            var unknown = await Assert.ThrowsAsync<RpcException>(() => call(unknownId));
            var other = await Assert.ThrowsAsync<RpcException>(() => call(westminsterChild.ChildId));

            Assert.Equal(StatusCode.PermissionDenied, unknown.StatusCode);
            Assert.Equal(unknown.StatusCode, other.StatusCode);
            Assert.Equal(unknown.Status.Detail, other.Status.Detail);
            Assert.DoesNotContain(Attack.Westminster, other.Status.Detail);
        }

        var trail = await attack.Trail(westminsterChild.ChildId, Attack.Westminster);
        Assert.Equal(4, trail.Count(r => r.Organisation == Attack.Ealing && r.Outcome == "denied"));
    }

    [Fact]
    public async Task Registering_with_another_boroughs_childs_NHS_number_registers_a_new_child_without_revealing_the_first()
    {
        var westminsterChild = await attack.WestminsterChild();

        var ealingChild = (await attack.Children.RegisterChildAsync(
            Attack.Child(Attack.Ealing, new ChildIdentifiers { NhsNumber = westminsterChild.Identifiers.NhsNumber }),
            attack.As(Attack.Ealing, "social-worker"))).Child;

        Assert.NotEqual(westminsterChild.ChildId, ealingChild.ChildId);
        Assert.Equal(westminsterChild.Identifiers.NhsNumber, ealingChild.Identifiers.NhsNumber);
        Assert.Single(await attack.Trail(westminsterChild.ChildId, Attack.Westminster), r => r.Action == "child.identifier.used-elsewhere");

        // Within one borough the duplicate is still refused: the caller may see the child holding the number.
        var duplicate = await Attack.Fails(StatusCode.AlreadyExists, () => attack.Children.RegisterChildAsync(
            Attack.Child(Attack.Westminster, new ChildIdentifiers { NhsNumber = westminsterChild.Identifiers.NhsNumber }),
            attack.As(Attack.Westminster, "social-worker")).ResponseAsync);
        Assert.Equal("identifiers.nhs_number", Assert.Single(Attack.Violations(duplicate)).Field);
    }

    [Fact]
    public async Task Ealings_sync_pushing_a_Westminster_childs_NHS_number_registers_Ealings_own_child_and_hears_nothing_of_Westminsters()
    {
        var westminsterChild = await attack.WestminsterChild();
        var ealingCase = $"EAL-{Guid.NewGuid():N}";
        var details = new ChangeRecord
        {
            SourceId = "PERSON-" + ealingCase,
            Version = "v1",
            ChildCaseId = ealingCase,
            Child = new ChildDetails
            {
                BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2016-05-17" },
                NhsNumber = westminsterChild.Identifiers.NhsNumber,
            },
        };

        using var call = new SyncService.SyncServiceClient(attack.Channel).Push(attack.As(Attack.Ealing, "borough-sync"));
        await call.RequestStream.WriteAsync(new PushRequest { Records = { details } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var outcome = call.ResponseStream.Current.Outcomes.Single();
        await call.RequestStream.CompleteAsync();

        Assert.Equal(ChangeOutcome.Applied, outcome.Outcome);
        Assert.Empty(outcome.Reasons);
        Assert.NotEqual(westminsterChild.ChildId, outcome.RecordId);
        Assert.Single(await attack.Trail(westminsterChild.ChildId, Attack.Westminster), r => r.Action == "child.identifier.used-elsewhere" && r.Organisation == Attack.Ealing);
    }

    [Fact]
    public async Task Ealing_asking_for_a_Westminster_household_adopter_or_contact_hears_what_it_hears_for_an_unknown_id()
    {
        var westminster = attack.As(Attack.Westminster, "social-worker");
        var household = (await new FosteringService.FosteringServiceClient(attack.Channel).RegisterHouseholdAsync(new RegisterHouseholdRequest
        {
            ApprovingBorough = Attack.Westminster,
            Kind = HouseholdKind.Mainstream,
            HouseholdReference = "WCC-FH-1",
            PostcodeDistrict = "W2",
            Capacity = new Capacity { Places = 2, MinAge = 0, MaxAge = 12 },
        }, westminster)).Household;
        var adopter = (await new AdoptionService.AdoptionServiceClient(attack.Channel).RegisterAdopterAsync(new RegisterAdopterRequest
        {
            ApprovingBorough = Attack.Westminster,
            Reference = "WCC-AD-1",
            EnquiryDate = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Preferences = new AdopterPreferences { Children = 1, MinAgeYears = 0, MaxAgeYears = 4 },
        }, westminster)).Adopter;
        var westminsterChild = await attack.WestminsterChild();
        var contact = (await attack.Mash.RecordContactAsync(Attack.Contact(Attack.Westminster, westminsterChild.Identifiers), attack.As(Attack.Westminster, "mash-practitioner"))).Contact;

        var ealingWorker = attack.As(Attack.Ealing, "social-worker");
        var ealingMash = attack.As(Attack.Ealing, "mash-practitioner");
        var unknown = Guid.NewGuid().ToString("N");
        foreach (var (existing, call) in new (string Existing, Func<string, Task> Call)[]
        {
            (household.HouseholdId, id => new FosteringService.FosteringServiceClient(attack.Channel).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }, ealingWorker).ResponseAsync),
            (adopter.AdopterId, id => new AdoptionService.AdoptionServiceClient(attack.Channel).GetAdopterAsync(new GetAdopterRequest { AdopterId = id }, ealingWorker).ResponseAsync),
            (westminsterChild.ChildId, id => attack.Mash.GetContactAsync(new GetContactRequest { ChildId = id, ContactId = id == unknown ? unknown : contact.ContactId }, ealingMash).ResponseAsync),
        })
        {
            var other = await Assert.ThrowsAsync<RpcException>(() => call(existing));
            var nothing = await Assert.ThrowsAsync<RpcException>(() => call(unknown));

            Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
            Assert.Equal(other.StatusCode, nothing.StatusCode);
            Assert.Equal(other.Status.Detail, nothing.Status.Detail);
            Assert.DoesNotContain(Attack.Westminster, other.Status.Detail);
        }

        // The policy's reason is kept for the auditors, in the child's trail.
        Assert.Contains(await attack.Trail(westminsterChild.ChildId, Attack.Westminster), r => r.Organisation == Attack.Ealing && r.Action == "mash.contact.read" && r.Outcome == "denied");
    }

    /// <inheritdoc />
    public void Dispose() => attack.Dispose();
}
