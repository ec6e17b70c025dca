using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.FrontDoor;

/// <summary>
/// An attacker with a token sends messages of megabytes, to make the hub parse and hold them. gRPC refuses each
/// one over its service's limit with RESOURCE_EXHAUSTED before the hub reads it, a sync batch may be larger than a
/// single call, and the hub goes on serving.
/// </summary>
[Collection(SecurityHubCollection.Name)]
public sealed class MessageSizeTests(HubFixture fixture)
{
    private const int Megabyte = 1024 * 1024;

    [Fact]
    public async Task A_contact_of_megabytes_is_resource_exhausted_and_the_hub_serves_on()
    {
        using var channel = fixture.Hub.Channel();
        var contact = new RecordContactRequest
        {
            Borough = SyncRequests.Westminster,
            ReceivedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            ReferralSource = "2A",
            Concerns = new string('x', (3 * Megabyte) / 2),
            Child = new ContactChild { GivenName = "Frontdoor", FamilyName = "Example", BirthDate = new BirthDate { Status = BirthDateStatus.Unknown } },
        };

        var refusal = await Assert.ThrowsAsync<RpcException>(async () =>
            await new MashService.MashServiceClient(channel).RecordContactAsync(contact, fixture.Hub.As(SyncRequests.Westminster, "mash-practitioner")));

        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        await AssertServing(channel);
    }

    [Fact]
    public async Task A_sync_batch_larger_than_a_single_call_is_read_but_one_over_the_sync_limit_is_resource_exhausted()
    {
        using var channel = fixture.Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = fixture.Hub.As(SyncRequests.Westminster, "borough-sync", "westminster-sync");

        using (var push = sync.Push(headers))
        {
            var large = Padded(SyncRequests.Children(20), 2 * Megabyte);
            await push.RequestStream.WriteAsync(large);
            Assert.True(await push.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(large.Records.Count, push.ResponseStream.Current.Outcomes.Count);
            await push.RequestStream.CompleteAsync();
        }

        using (var push = sync.Push(headers))
        {
            // The hub answers before the client has finished writing, and resets the stream: the status is in the
            // answer, and the write itself fails (as Cancelled or ResourceExhausted, whichever the client sees first).
            var writing = push.RequestStream.WriteAsync(Padded(SyncRequests.Children(20), 5 * Megabyte));
            var refusal = await Assert.ThrowsAsync<RpcException>(() => push.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
            await Assert.ThrowsAnyAsync<Exception>(() => writing);
        }

        await AssertServing(channel);
    }

    /// <summary>The batch with its records' versions lengthened until it is about <paramref name="size"/> bytes.</summary>
    private static PushRequest Padded(PushRequest batch, int size)
    {
        var padding = new string('v', size / batch.Records.Count);
        foreach (var record in batch.Records)
        {
            record.Version = padding;
        }

        return batch;
    }

    private async Task AssertServing(Grpc.Net.Client.GrpcChannel channel)
    {
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var agreements = await new PartnershipService.PartnershipServiceClient(channel).ListAgreementsAsync(
            new ListAgreementsRequest(), fixture.Hub.As(SyncRequests.Westminster, "mash-practitioner"));
        Assert.NotEmpty(agreements.Agreements);
    }
}
