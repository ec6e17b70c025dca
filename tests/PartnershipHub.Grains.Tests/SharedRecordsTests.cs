using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Care;

namespace PartnershipHub.Grains.Tests;

/// <summary>
/// Within a silo a grain call's arguments are copied; the domain's care records are immutable, so they are handed on
/// as they are (no JSON round trip for every record a sync batch carries), while the hub's own records around them
/// are still copied.
/// </summary>
public sealed class SharedRecordsTests
{
    private readonly DeepCopier copier = new ServiceCollection().AddSerializer(s => s.AddHubDomainTypes()).BuildServiceProvider().GetRequiredService<DeepCopier>();

    [Fact]
    public void A_synced_referral_is_copied_around_the_same_care_record()
    {
        var referral = new Referral(new DateOnly(2015, 4, 1), "2A", null);
        var synced = new SyncedCareRecord("ref-1", "v1", CareRecordKind.Referral, referral);

        var copy = copier.Copy(synced);

        Assert.NotSame(synced, copy);
        Assert.Equal(synced, copy);
        Assert.Same(referral, copy.Record);
        Assert.Same(referral, copier.Copy<CareRecord>(referral));
    }
}
