using Google.Rpc;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Host.Tests.Children;

/// <summary>The children API as a borough's practitioners and systems use it, against the real hub process.</summary>
[Collection(HubCollection.Name)]
public sealed class ChildrenApiTests(HubFixture fixture)
{
    private const string Practitioner = "mash-practitioner";
    private const string Ealing = "E09000009";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task A_practitioner_registers_a_child_and_reads_back_the_normalised_record()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var request = ChildRequests.Child();
        var nhs = request.Identifiers.NhsNumber;
        request.Identifiers.NhsNumber = $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}";
        request.Identifiers.UniquePupilNumber = "b12345678901c";

        var registered = (await client.RegisterChildAsync(request, headers)).Child;
        var read = (await client.GetChildAsync(new GetChildRequest { ChildId = registered.ChildId, Purpose = AccessPurpose.CaseManagement }, headers)).Child;

        Assert.Matches("^[0-9a-f]{32}$", read.ChildId);
        Assert.Equal(nhs, read.Identifiers.NhsNumber);
        Assert.Equal("B12345678901C", read.Identifiers.UniquePupilNumber);
        Assert.Equal(ChildRequests.Westminster, read.ResponsibleBorough);
        Assert.Equal("2016-05-17", read.BirthDate.Date);
        Assert.Equal(ChildRequests.Westminster, read.RegisteredByOrganisation);
        Assert.Equal(registered, read);
    }

    [Fact]
    public async Task An_unborn_child_is_registered_with_an_expected_date_and_one_with_no_known_date_of_birth()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var unborn = ChildRequests.Child();
        unborn.BirthDate = new BirthDate { Status = BirthDateStatus.Expected, Date = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd") };
        var unknown = ChildRequests.Child();
        unknown.BirthDate = new BirthDate { Status = BirthDateStatus.Unknown };

        Assert.Equal(BirthDateStatus.Expected, (await client.RegisterChildAsync(unborn, headers)).Child.BirthDate.Status);
        var child = (await client.RegisterChildAsync(unknown, headers)).Child;
        Assert.Equal(BirthDateStatus.Unknown, child.BirthDate.Status);
        Assert.Equal(string.Empty, child.BirthDate.Date);
    }

    [Fact]
    public async Task A_malformed_NHS_number_is_refused_with_field_detail_and_registers_nothing()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var before = await Total(client, headers, ChildRequests.Westminster);
        var request = ChildRequests.Child();
        var nhs = request.Identifiers.NhsNumber;
        request.Identifiers.NhsNumber = nhs[..9] + (char)('0' + ((nhs[9] - '0' + 1) % 10));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(request, headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["identifiers.nhs_number"], RpcAssert.Violations(error).Select(v => v.Field));
        Assert.Contains("check digit", RpcAssert.Violations(error)[0].Description);
        Assert.Equal(before, await Total(client, headers, ChildRequests.Westminster));

        // The correct number was not claimed by the refused request.
        var valid = ChildRequests.Child();
        valid.Identifiers.NhsNumber = nhs;
        await client.RegisterChildAsync(valid, headers);
    }

    [Fact]
    public async Task A_request_missing_its_borough_name_and_date_of_birth_lists_every_problem()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var request = new RegisterChildRequest
        {
            FamilyName = "Example",
            Identifiers = new ChildIdentifiers { UniquePupilNumber = "123", BoroughCaseIds = { new BoroughCaseId { Borough = "E09999999", CaseId = "X" } } },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(request, headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["birth_date.status", "given_name", "identifiers.borough_case_ids[0].borough", "identifiers.unique_pupil_number", "responsible_borough"],
            RpcAssert.Violations(error).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task A_date_of_birth_in_the_future_is_refused()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var request = ChildRequests.Child();
        request.BirthDate.Date = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(request, headers).ResponseAsync);

        Assert.Equal("birth_date.date", Assert.Single(RpcAssert.Violations(error)).Field);
    }

    [Fact]
    public async Task An_NHS_number_already_linked_to_a_child_is_ALREADY_EXISTS_and_changes_nothing()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var first = ChildRequests.Child();
        await client.RegisterChildAsync(first, headers);
        var before = await Total(client, headers, ChildRequests.Westminster);
        var second = ChildRequests.Child(givenName: "Other");
        second.Identifiers.NhsNumber = first.Identifiers.NhsNumber;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(second, headers).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal("identifiers.nhs_number", Assert.Single(RpcAssert.Violations(error)).Field);
        Assert.Equal(before, await Total(client, headers, ChildRequests.Westminster));
    }

    [Fact]
    public async Task Reading_an_unknown_child_is_PERMISSION_DENIED_like_another_boroughs_and_a_malformed_id_or_missing_purpose_is_INVALID_ARGUMENT()
    {
        var (client, headers) = Client(ChildRequests.Westminster);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.GetChildAsync(
            new GetChildRequest { ChildId = Guid.NewGuid().ToString("N"), Purpose = AccessPurpose.CaseManagement }, headers).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => client.GetChildAsync(
            new GetChildRequest { ChildId = "../etc/passwd" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal(["child_id", "purpose"], RpcAssert.Violations(malformed).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task A_call_without_a_token_or_with_a_token_the_hub_did_not_sign_is_UNAUTHENTICATED()
    {
        using var channel = Hub.Channel();
        var client = new ChildrenService.ChildrenServiceClient(channel);
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var forged = new Metadata { { "authorization", "Bearer " + PartnershipHub.Cli.LocalTokenIssuer.Issue(otherKey, ChildRequests.Westminster, Practitioner, "mallory", TimeSpan.FromHours(1)) } };

        var none = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(ChildRequests.Child()).ResponseAsync);
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(ChildRequests.Child(), forged).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, bad.StatusCode);
    }

    [Theory]
    [InlineData(ChildRequests.HammersmithAndFulham, "mash-practitioner")]
    [InlineData(ChildRequests.Westminster, "partnership-analyst")]
    [InlineData(ChildRequests.Westminster, "agency-responder")]
    [InlineData(ChildRequests.Westminster, "administrator")]
    [InlineData(ChildRequests.Westminster, "cleaner")]
    public async Task Callers_outside_the_childs_borough_or_case_working_roles_are_PERMISSION_DENIED(string organisation, string role)
    {
        var (client, owner) = Client(ChildRequests.Westminster);
        var child = (await client.RegisterChildAsync(ChildRequests.Child(), owner)).Child;
        var outsider = Hub.As(organisation, role);

        var read = await Assert.ThrowsAsync<RpcException>(() => client.GetChildAsync(
            new GetChildRequest { ChildId = child.ChildId, Purpose = AccessPurpose.MashEnquiry }, outsider).ResponseAsync);
        var register = await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(ChildRequests.Child(), outsider).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => client.ListBoroughChildrenAsync(
            new ListBoroughChildrenRequest { Borough = ChildRequests.Westminster }, outsider).ResponseAsync);

        Assert.All([read, register, list], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.DoesNotContain(child.GivenName, read.Status.Detail);
    }

    [Fact]
    public async Task A_boroughs_children_are_listed_a_page_at_a_time_without_gaps_or_repeats()
    {
        var (client, headers) = Client(Ealing);
        var registered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            registered.Add((await client.RegisterChildAsync(ChildRequests.Child(Ealing), headers)).Child.ChildId);
        }

        var listed = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await client.ListBoroughChildrenAsync(new ListBoroughChildrenRequest { Borough = Ealing, PageSize = 2, PageToken = token }, headers);
            Assert.True(page.Children.Count <= 2);
            listed.AddRange(page.Children.Select(c => c.ChildId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 100);

        Assert.Equal(listed.Distinct(), listed);
        Assert.Equal(registered, listed.TakeLast(5));
        Assert.Equal(await Total(client, headers, Ealing), listed.Count);
    }

    [Fact]
    public async Task A_page_token_the_hub_did_not_issue_or_a_negative_page_size_is_INVALID_ARGUMENT()
    {
        var (client, headers) = Client(Ealing);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListBoroughChildrenAsync(
            new ListBoroughChildrenRequest { Borough = Ealing, PageSize = -1, PageToken = "not-a-token" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["page_size", "page_token"], RpcAssert.Violations(error).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Every_read_of_a_child_is_recorded_with_who_why_and_what_and_so_is_a_refused_one()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var child = (await client.RegisterChildAsync(ChildRequests.Child(), Hub.As(ChildRequests.Westminster, Practitioner, "registrar"))).Child;
        await client.GetChildAsync(new GetChildRequest { ChildId = child.ChildId, Purpose = AccessPurpose.Section47, CaseReference = "S47-2026-17" }, Hub.As(ChildRequests.Westminster, Practitioner, "reader-1"));
        await Assert.ThrowsAsync<RpcException>(() => client.GetChildAsync(
            new GetChildRequest { ChildId = child.ChildId, Purpose = AccessPurpose.MashEnquiry }, Hub.As(ChildRequests.HammersmithAndFulham, Practitioner, "reader-2")).ResponseAsync);

        var rows = HubDatabase.Query(Hub.Database, "SELECT * FROM audit_record WHERE subject = $s ORDER BY sequence", ("$s", "child/" + child.ChildId));

        Assert.Equal(["child.register", "child.read", "child.read"], rows.Select(r => r["action"]));
        Assert.Equal(["created", "returned", "denied"], rows.Select(r => r["outcome"]));
        Assert.Equal(["registrar", "reader-1", "reader-2"], rows.Select(r => r["user_id"]));
        Assert.Equal("section-47", rows[1]["purpose"]);
        Assert.Equal("S47-2026-17", rows[1]["case_reference"]);
        Assert.Equal(ChildRequests.HammersmithAndFulham, rows[2]["organisation"]);
        Assert.Equal(rows[0]["hash"], rows[1]["previous_hash"]);
        Assert.Equal(rows[1]["hash"], rows[2]["previous_hash"]);
    }

    [Fact]
    public async Task The_hubs_logs_hold_no_names_or_identifiers_of_the_children_it_registers()
    {
        var (client, headers) = Client(ChildRequests.Westminster);
        var request = ChildRequests.Child(givenName: "Zebediahqx");
        request.Identifiers.UniquePupilNumber = "Q98765432101Z";
        var child = (await client.RegisterChildAsync(request, headers)).Child;
        await client.GetChildAsync(new GetChildRequest { ChildId = child.ChildId, Purpose = AccessPurpose.CaseManagement }, headers);
        await Assert.ThrowsAsync<RpcException>(() => client.RegisterChildAsync(request, headers).ResponseAsync);

        var output = Hub.Output;
        Assert.Contains("Now listening", output);
        Assert.DoesNotContain("Zebediahqx", output);
        Assert.DoesNotContain(request.Identifiers.NhsNumber, output);
        Assert.DoesNotContain("Q98765432101Z", output);
    }

    private (ChildrenService.ChildrenServiceClient Client, Metadata Headers) Client(string borough) =>
        (new ChildrenService.ChildrenServiceClient(Hub.Channel()), Hub.As(borough, Practitioner));

    private static async Task<int> Total(ChildrenService.ChildrenServiceClient client, Metadata headers, string borough) =>
        (await client.ListBoroughChildrenAsync(new ListBoroughChildrenRequest { Borough = borough, PageSize = 1 }, headers)).TotalSize;
}
