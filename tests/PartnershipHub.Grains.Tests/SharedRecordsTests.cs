using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Tests;

/// <summary>
/// Within a silo a grain call's arguments and results are copied; the domain's care records and MASH records are
/// immutable, so they are handed on as they are (no JSON round trip for every record a sync batch carries or every
/// answer a MASH view shows), while the hub's own records around them are still copied; a multi-agency view, made
/// afresh for each call, is handed on whole.
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

    [Fact]
    public void A_multi_agency_view_and_the_police_answer_in_it_are_handed_on_as_they_are()
    {
        var by = new RecordedBy("met-police", "agency-responder", "pc.smith", new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
        var answer = new AgencyAnswer(false, [new AnswerField("known_to_police", "yes")], "Two call-outs to the address.", "official-sensitive", LawfulBasis.PublicTask, by);
        var police = new AgencyContribution("met-police", true, LawfulBasis.Consent, "consent given", [new ContributedAnswer("contact-1", "request-1", answer)]);
        var child = new ChildRecord("child-1", new ChildRegistration("E09000033", "Sam", "Example", BirthDateStatus.Known, new DateOnly(2015, 4, 1), null, null, []),
            by.At, "E09000033", "jo.bloggs");
        var view = new MultiAgencyView(child, [police]);

        Assert.Same(view, copier.Copy(view));
        Assert.Same(police, copier.Copy(police));
        Assert.Same(answer, copier.Copy(answer));
        var request = new InformationRequest("request-1", "met-police", "Known to you?", by.At.AddDays(1), by, answer);
        Assert.Same(request, copier.Copy(request));
    }
}
