using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>Class 8 of issue 13: input the hub cannot use is INVALID_ARGUMENT naming the field, never UNKNOWN, INTERNAL or a denial.</summary>
[Collection(SecurityHubCollection.Name)]
public sealed class StatusCodeTests(HubFixture fixture) : IDisposable
{
    private readonly Attack attack = new(fixture);

    [Fact]
    public async Task A_body_that_is_not_a_protobuf_message_is_INVALID_ARGUMENT_and_logs_no_stack_trace()
    {
        var raw = Marshallers.Create(bytes => bytes, bytes => bytes);
        var getChild = new Method<byte[], byte[]>(MethodType.Unary, ChildrenService.Descriptor.FullName, "GetChild", raw, raw);

        // Field 1 (child_id) announces 255 bytes of string and the body ends after none.
        using var call = attack.Channel.CreateCallInvoker().AsyncUnaryCall(getChild, null,
            new CallOptions(attack.As(Attack.Westminster, "social-worker")), [0x0A, 0xFF, 0x01]);
        var error = await Attack.InvalidField("request", () => call.ResponseAsync);

        Assert.DoesNotContain("Exception was thrown by handler", attack.Hub.Output);
        Assert.DoesNotContain("InvalidProtocolBufferException", attack.Hub.Output);
        Assert.DoesNotContain("   at ", error.Status.Detail);
    }

    [Fact]
    public async Task A_timestamp_after_the_year_9999_is_INVALID_ARGUMENT_on_the_field()
    {
        var contact = Attack.Contact(Attack.Westminster, new ChildIdentifiers { NhsNumber = Attack.UniqueNhsNumber() });
        contact.ReceivedAt = new Timestamp { Seconds = 253_402_300_800 };

        await Attack.InvalidField("received_at", () =>
            attack.Mash.RecordContactAsync(contact, attack.As(Attack.Westminster, "mash-practitioner")).ResponseAsync);
    }

    [Fact]
    public async Task An_unknown_purpose_is_INVALID_ARGUMENT_and_not_recorded_as_a_denial()
    {
        var child = await attack.WestminsterChild();
        var trailBefore = (await attack.Trail(child.ChildId, Attack.Westminster)).Count;

        await Attack.InvalidField("purpose", () => attack.Children.GetChildAsync(
            new GetChildRequest { ChildId = child.ChildId, Purpose = (AccessPurpose)99 }, attack.As(Attack.Westminster, "social-worker")).ResponseAsync);
        await Attack.InvalidField("purpose", () => attack.Mash.GetMultiAgencyViewAsync(
            new Contracts.Mash.V1.GetMultiAgencyViewRequest { ChildId = child.ChildId, Purpose = (AccessPurpose)99, CaseReference = "MASH-9" },
            attack.As(Attack.Westminster, "mash-practitioner")).ResponseAsync);

        var trail = await attack.Trail(child.ChildId, Attack.Westminster);
        Assert.Equal(trailBefore + 1, trail.Count);
        Assert.DoesNotContain(trail, r => r.Outcome == "denied");
    }

    [Fact]
    public async Task An_agreement_too_big_to_store_is_INVALID_ARGUMENT_before_it_reaches_the_store()
    {
        var agreement = new Agreement { Id = "too-big", Name = "Too big", Service = SharedService.Mash, From = "2026-01-01" };
        // About 650 KB: under the message size limit, so the hub's own rule is what refuses it.
        agreement.Members.AddRange(Enumerable.Range(0, 50_000).Select(i => $"org-{i:D6}"));

        await Attack.InvalidField("agreement.members", () => new PartnershipService.PartnershipServiceClient(attack.Channel)
            .SaveAgreementAsync(new SaveAgreementRequest { Agreement = agreement }, attack.As("hub-admin", "administrator")).ResponseAsync);
    }

    /// <inheritdoc />
    public void Dispose() => attack.Dispose();
}
