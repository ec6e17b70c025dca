using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.PrivateFostering;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.PrivateFostering;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// Private fostering registers of two boroughs on a real silo on the embedded store: moves between them, with the
/// store failing or the hub going down at each step; after the follow-ups' retry both registers agree.
/// </summary>
public sealed class PrivateFosteringFollowUpTests : IAsyncLifetime
{
    private const string Westminster = "E09000033";
    private const string Camden = "E09000007";

    private ChildSilo silo = null!;

    public async Task InitializeAsync() => silo = await ChildSilo.Start();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Two_boroughs_moving_children_to_each_other_at_the_same_moment_both_go_through_without_waiting_for_a_timeout()
    {
        var fromWestminster = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PrivatelyFostered(Westminster)));
        var fromCamden = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PrivatelyFostered(Camden)));

        // Each register's move delivers its transfer to the other while the other is delivering its own: were they
        // to wait on each other, the moves would take the silo's response timeout (30 s).
        var moves = fromWestminster.Select(a => Move(Westminster, a.ArrangementId, Camden))
            .Concat(fromCamden.Select(a => Move(Camden, a.ArrangementId, Westminster)));
        var moved = await Task.WhenAll(moves).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.All(moved, m => Assert.Equal(CallStatus.Done, m.Status));
        foreach (var (borough, other, children) in new[] { (Westminster, Camden, fromWestminster), (Camden, Westminster, fromCamden) })
        {
            var received = await Arrangements(other);
            foreach (var (childId, arrangementId) in children)
            {
                var closed = (await Arrangements(borough)).Single(a => a.ArrangementId == arrangementId);
                Assert.Equal(ArrangementStatus.Moved, closed.Status);
                var there = Assert.Single(received, a => a.SourceArrangementId == arrangementId);
                Assert.Equal((closed.ReceivingArrangementId, childId, ArrangementStatus.Active), (there.ArrangementId, there.Notice.ChildId, there.Status));
            }
        }
    }

    private IPrivateFosteringRegisterGrain Register(string borough) => silo.Grains.GetGrain<IPrivateFosteringRegisterGrain>(borough);

    private static Caller SocialWorker(string borough) => new(borough, HubRoles.SocialWorker, "sw.one");

    private Task<CallResult<PrivateFosteringArrangement>> Move(string borough, string arrangementId, string to) =>
        Register(borough).RecordMove(arrangementId, new PrivateFosteringMove(new DateOnly(2025, 8, 1), to, "NW1"), SocialWorker(borough));

    private async Task<IReadOnlyList<PrivateFosteringArrangement>> Arrangements(string borough) =>
        (await Register(borough).List(SocialWorker(borough))).Value!;

    /// <summary>A child registered in <paramref name="borough"/> and notified to its register as privately fostered.</summary>
    private async Task<(string ChildId, string ArrangementId)> PrivatelyFostered(string borough)
    {
        var childId = Guid.NewGuid().ToString("N");
        var registration = new ChildRegistration(borough, "Sam", "Example", BirthDateStatus.Known, new DateOnly(2015, 4, 1), null, null, []);
        var registered = await silo.Grains.GetGrain<IChildGrain>(childId).Register(registration, AccessPurpose.CaseManagement, new Caller(borough, HubRoles.MashPractitioner, "mp.one"));
        Assert.Equal(RegistrationStatus.Registered, registered.Status);
        var notice = new PrivateFosteringNotice(childId, new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 1), NotificationSource.SelfReferral, "W9");
        var notified = await Register(borough).Notify(notice, SocialWorker(borough));
        Assert.Equal(CallStatus.Done, notified.Status);
        return (childId, notified.Value!.ArrangementId);
    }
}
