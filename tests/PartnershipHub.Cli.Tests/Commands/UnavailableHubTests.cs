using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Errors;
using PartnershipHub.Testing;

namespace PartnershipHub.Cli.Tests.Commands;

/// <summary>
/// UNAVAILABLE has two causes an operator handles differently: no hub answered (start it, or name the right one), or
/// the hub answered that it could not do the call (its store failed: try later, and give the operator the reference
/// its log explains). phub tells them apart.
/// </summary>
public sealed class UnavailableHubTests : IDisposable
{
    private const string Westminster = "E09000033";

    private readonly DirectoryInfo dataFolder = Directory.CreateTempSubdirectory("phub-unavailable-");

    public void Dispose() => dataFolder.Delete(recursive: true);

    [Fact]
    public async Task A_hub_whose_store_refuses_the_audit_record_is_said_to_have_answered_with_the_reference_its_log_explains()
    {
        await using var hub = new HubProcess(dataFolder.FullName);
        await hub.StartAsync();
        var token = LocalTokenIssuer.Issue(hub.DataFolder, Westminster, "mash-practitioner", "phub-test", TimeSpan.FromHours(1));
        var registered = await Phub.Run(token, "children", "register", "--borough", Westminster, "--given-name", "Sam", "--family-name", "Unheard",
            "--dob", "2016-05-04", "--hub", hub.Address, "--data-folder", hub.DataFolder);
        Assert.True(registered.ExitCode == 0, registered.Error);
        var childId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("child").GetProperty("childId").GetString()!;

        // The hub names its reasons in the status's ErrorInfo, e.g. a refusal by the access policy.
        using var channel = hub.Channel();
        var refusal = await Assert.ThrowsAsync<RpcException>(() => new ChildrenService.ChildrenServiceClient(channel)
            .GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = Contracts.Common.V1.AccessPurpose.MashEnquiry, CaseReference = "MASH-42" }, hub.As("E09000013", "mash-practitioner")).ResponseAsync);
        Assert.Equal(HubErrorReasons.AccessPolicy, refusal.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);

        // The store refuses audit records (any insert into the audit table fails), so no read may be answered.
        HubDatabase.Execute(hub.Database, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record BEGIN SELECT * FROM no_such_table; END");
        var read = await Phub.Run(token, "children", "get", childId, "--purpose", "mash-enquiry", "--case-reference", "MASH-42",
            "--hub", hub.Address, "--data-folder", hub.DataFolder);

        Assert.Equal(1, read.ExitCode);
        Assert.StartsWith($"The hub at {hub.Address}/ answered, but its store failed, so nothing of this call was done (reference ", read.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("No hub answered", read.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unheard", read.Error, StringComparison.Ordinal);
        var reference = read.Error.Split("(reference ")[1].Split(')')[0];
        Assert.Contains($"reference {reference}: ", hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_where_nothing_listens_is_no_hub_answering()
    {
        var port = FreePort.Next();
        var run = await Phub.Run(null, "health", "--hub", $"http://127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"No hub answered at http://127.0.0.1:{port}/", run.Error, StringComparison.Ordinal);
        Assert.Contains("Is it running?", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unavailable_answered_without_the_hubs_reason_is_shown_as_answered_with_its_message_and_one_the_client_made_as_no_hub()
    {
        var hub = new Uri("http://127.0.0.1:5080");
        var answered = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "Shutting down."));
        var unreachable = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "Error starting gRPC call.", new HttpRequestException("Connection refused")));

        Assert.Equal("The hub at http://127.0.0.1:5080/ answered that it cannot serve the call now: Shutting down. Try again later; if it keeps failing, tell the hub's operator.",
            CallFailures.Explain(answered, hub, null, "."));
        Assert.StartsWith("No hub answered at http://127.0.0.1:5080/ (Error starting gRPC call.)", CallFailures.Explain(unreachable, hub, null, "."), StringComparison.Ordinal);
    }
}
