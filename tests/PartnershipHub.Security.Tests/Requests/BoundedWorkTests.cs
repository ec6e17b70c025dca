using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Domain.Validation;
using PartnershipHub.Testing;
using Xunit.Abstractions;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>Class 2 of issue 13: a request that asks for unbounded work is refused first, quickly, with a small error.</summary>
[Collection(SecurityHubCollection.Name)]
public sealed class BoundedWorkTests(HubFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly Attack attack = new(fixture);

    [Fact]
    public async Task Forty_thousand_agency_codes_are_refused_fast_with_a_small_error_naming_the_field_and_the_limit()
    {
        var child = await attack.WestminsterChild();
        var request = new SendInformationRequestsRequest { ChildId = child.ChildId, ContactId = new string('a', 32), Question = "Anything known?" };
        request.Agencies.AddRange(Enumerable.Range(0, 40_000).Select(i => $"agency-{i}"));
        var trailBefore = (await attack.Trail(child.ChildId, Attack.Westminster)).Count;

        var clock = Stopwatch.StartNew();
        var processorBefore = attack.Hub.ProcessorTime;
        var error = await Attack.Fails(StatusCode.InvalidArgument, () =>
            attack.Mash.SendInformationRequestsAsync(request, attack.As(Attack.Westminster, "mash-practitioner")).ResponseAsync);
        var processor = attack.Hub.ProcessorTime - processorBefore;
        clock.Stop();
        output.WriteLine($"40,000 agency codes refused in {clock.Elapsed.TotalMilliseconds:F0} ms, hub processor time {processor.TotalMilliseconds:F0} ms, error {error.GetRpcStatus()!.CalculateSize()} bytes");

        var violation = Assert.Single(Attack.Violations(error));
        Assert.Equal("agencies", violation.Field);
        Assert.Contains($"at most {RequestLimits.InformationRequestAgencies}", violation.Description);
        Assert.True(error.GetRpcStatus()!.CalculateSize() < 1_000, $"the error took {error.GetRpcStatus()!.CalculateSize()} bytes");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the refusal took {clock.Elapsed}");

        // Refused before any access decision or grain call: nothing was written to the child's trail.
        Assert.Equal(trailBefore + 1, (await attack.Trail(child.ChildId, Attack.Westminster)).Count);
    }

    [Fact]
    public async Task A_request_wrong_in_every_field_lists_the_first_violations_and_counts_the_rest()
    {
        var request = new SendInformationRequestsRequest { ChildId = "not-an-id", ContactId = "neither" };
        request.Agencies.AddRange(Enumerable.Range(0, RequestLimits.InformationRequestAgencies).Select(i => $"bad code {i}"));

        var error = await Attack.Fails(StatusCode.InvalidArgument, () =>
            attack.Mash.SendInformationRequestsAsync(request, attack.As(Attack.Westminster, "mash-practitioner")).ResponseAsync);

        var violations = Attack.Violations(error);
        Assert.Equal(RequestLimits.ReportedViolations + 1, violations.Count);
        Assert.Equal(Violations.MoreField, violations[^1].Field);
        Assert.Contains("and 3 more violations", violations[^1].Description);
    }

    [Fact]
    public void Every_repeated_field_of_every_request_the_hub_serves_has_a_named_limit()
    {
        var requests = typeof(SendInformationRequestsRequest).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null))
            .OfType<FileDescriptor>()
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Select(method => method.InputType);
        var seen = new HashSet<string>();
        var unlimited = new List<string>();
        var pending = new Stack<MessageDescriptor>(requests);
        while (pending.TryPop(out var message))
        {
            if (!seen.Add(message.FullName))
            {
                continue;
            }

            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                if (field.IsRepeated && !RequestShape.RepeatedLimits.ContainsKey(field.FullName))
                {
                    unlimited.Add(field.FullName);
                }

                if (field.FieldType == FieldType.Message)
                {
                    pending.Push(field.MessageType);
                }
            }
        }

        Assert.Contains("partnershiphub.mash.v1.SendInformationRequestsRequest", seen);
        Assert.Empty(unlimited);
    }

    /// <inheritdoc />
    public void Dispose() => attack.Dispose();
}
