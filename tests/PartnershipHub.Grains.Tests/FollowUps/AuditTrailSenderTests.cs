using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Grains.Audit;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// A child's trail takes follow-up entries from the child itself, a foster household and an adopter, each with its
/// own delivery ids: an entry sent again is skipped by its sender's mark alone, also after a restart and when another
/// writer appended meanwhile, and one sender's ids never hide another's.
/// </summary>
public sealed class AuditTrailSenderTests : IAsyncLifetime
{
    private const string Household = "foster-household/H1";
    private const string Adopter = "adopter/A1";

    private ChildSilo silo = null!;

    public async Task InitializeAsync() => silo = await ChildSilo.Start();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Entries_from_two_carers_with_the_same_ids_are_each_taken_once_and_a_repeat_after_a_restart_is_skipped()
    {
        var subject = AuditSubjects.Child("C" + Guid.NewGuid().ToString("N"));
        var trail = silo.Grains.GetGrain<IAuditTrailGrain>(subject);
        await trail.AppendFollowUps(subject, [Numbered(1, "child.register")], chainMayBeNew: true);
        await trail.AppendFollowUps(Household, [Numbered(1, "fostering.placement.start"), Numbered(2, "fostering.placement.end")], chainMayBeNew: false);
        await trail.AppendFollowUps(Adopter, [Numbered(1, "adoption.match")], chainMayBeNew: false);

        await silo.Restart();
        trail = silo.Grains.GetGrain<IAuditTrailGrain>(subject);
        await trail.AppendFollowUps(Household, [Numbered(2, "fostering.placement.end"), Numbered(3, "fostering.placement.start")], chainMayBeNew: false);
        await trail.AppendFollowUps(Adopter, [Numbered(1, "adoption.match"), Numbered(2, "adoption.placed")], chainMayBeNew: false);
        await trail.AppendFollowUps(subject, [Numbered(1, "child.register")], chainMayBeNew: false);

        Assert.Equal(
            ["child.register", "fostering.placement.start", "fostering.placement.end", "adoption.match", "fostering.placement.start", "adoption.placed"],
            (await trail.Read(1, 100)).Select(r => r.Entry.Action));
        Assert.True((await trail.Verify()).Intact);
        var head = await silo.Audit.ReadHeadAsync(subject);
        Assert.Equal((1L, 3L, 2L), (head.Marks.Own, head.Marks.Of(subject, Household), head.Marks.Of(subject, Adopter)));
    }

    [Fact]
    public async Task A_carers_repeat_sent_after_another_writer_appended_is_skipped_by_the_mark_read_again()
    {
        var subject = AuditSubjects.Child("C" + Guid.NewGuid().ToString("N"));
        var trail = silo.Grains.GetGrain<IAuditTrailGrain>(subject);
        await trail.AppendFollowUps(Household, [Numbered(1, "fostering.placement.start")], chainMayBeNew: true);

        // Another writer (a second activation, briefly) takes the household's next entry behind the trail's back.
        var stored = await silo.Audit.ReadHeadAsync(subject);
        var record = AuditChain.Next(subject, stored.Sequence, stored.Hash, Entry("fostering.placement.end"));
        await silo.Audit.AppendAsync([record], stored, stored.Marks.With(subject, Household, 2));

        await trail.AppendFollowUps(Household, [Numbered(2, "fostering.placement.end")], chainMayBeNew: false);

        Assert.Equal(["fostering.placement.start", "fostering.placement.end"], (await trail.Read(1, 100)).Select(r => r.Entry.Action));
        Assert.True((await trail.Verify()).Intact);
    }

    private static NumberedAuditEntry Numbered(long id, string action) => new(id, Entry(action));

    private static AuditEntry Entry(string action) =>
        new(action, "E09000033", "social-worker", "sw.one", "case-management", null, "done", action, DateTimeOffset.UtcNow);
}
