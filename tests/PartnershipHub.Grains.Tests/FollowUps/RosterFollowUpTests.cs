using System.Diagnostics;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;
using Xunit.Abstractions;

namespace PartnershipHub.Grains.Tests.FollowUps;

/// <summary>
/// A borough with 110,000 children on its roster (110 pages), on the embedded store, after the hub restarted: the
/// first child registered is listed reading the borough's row and its last page only, not the whole roster; a
/// registration's roster follow-up sent again is looked for from the last page back, as far as it is found.
/// </summary>
public sealed class RosterFollowUpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Westminster = "E09000033";
    private const int ListedChildren = 110_000;
    private static readonly Caller Practitioner = new(Westminster, HubRoles.MashPractitioner, "jo.bloggs");

    private ChildSilo silo = null!;

    public async Task InitializeAsync()
    {
        silo = await ChildSilo.Start();
        var borough = silo.Grains.GetGrain<IBoroughGrain>(Westminster);
        var clock = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(0, ListedChildren).Select(n => $"listed-{n:D6}").Chunk(10_000))
        {
            await Task.WhenAll(chunk.Select(id => borough.AddChild(id, mayBeListed: false)));
        }

        output.WriteLine($"seeded {ListedChildren} children on the roster in {clock.Elapsed.TotalSeconds:F1} s");
        await silo.Restart();
    }

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task The_first_child_registered_after_a_restart_is_listed_without_reading_the_whole_roster()
    {
        var childId = Guid.NewGuid().ToString("N");
        await Timed("first registration after the restart", () => Register(childId));

        Assert.Equal(1, silo.Faults.Reads.GetValueOrDefault("roster"));
        await AssertListedOnceAtTheEnd(childId);
    }

    [Fact]
    public async Task A_registration_listed_before_a_crash_and_sent_again_after_it_is_listed_once_reading_back_to_its_page()
    {
        var childId = Guid.NewGuid().ToString("N");
        await Register(childId);

        // The child's page fills up and the roster goes on to the next; then the hub goes down before the child's row
        // forgets it was listed, and the next activation sends it again.
        var borough = silo.Grains.GetGrain<IBoroughGrain>(Westminster);
        await Task.WhenAll(Enumerable.Range(0, 999).Select(n => borough.AddChild($"later-{n:D3}", mayBeListed: false)));
        silo.Faults.FailStates("child");
        await silo.Restart();
        silo.Faults.Heal();
        await Timed("roster follow-up sent again after a restart, child listed before", () => Settle(childId));

        // The new last page (empty) and the child's own page, read back to find it.
        Assert.Equal(2, silo.Faults.Reads.GetValueOrDefault("roster"));
        var (total, lastIds) = await LastListed(2000);
        Assert.Equal(ListedChildren + 1000, total);
        Assert.Single(lastIds, id => id == childId);
    }

    [Fact]
    public async Task A_registration_whose_roster_write_failed_is_listed_once_after_a_restart_reading_each_page_once()
    {
        var childId = Guid.NewGuid().ToString("N");
        silo.Faults.FailStates("roster");
        await Register(childId);
        silo.Faults.Heal();
        await silo.Restart();

        // The child may be listed for all the borough knows: every page is looked at, once.
        await Timed("roster follow-up sent again after a restart, child never listed", () => Settle(childId));

        Assert.Equal((ListedChildren / 1000) + 1, silo.Faults.Reads.GetValueOrDefault("roster"));
        await AssertListedOnceAtTheEnd(childId);
    }

    /// <summary>Runs <paramref name="step"/> from fresh store counts and prints its time and the store's reads and writes.</summary>
    private async Task Timed(string step, Func<Task> run)
    {
        silo.Faults.ResetCounts();
        var clock = Stopwatch.StartNew();
        await run();
        output.WriteLine($"{step}: {clock.Elapsed.TotalMilliseconds:F1} ms; {silo.Faults.DescribeCounts()}");
    }

    private async Task Register(string childId) =>
        Assert.Equal(RegistrationStatus.Registered, (await silo.Grains.GetGrain<IChildGrain>(childId).Register(ChildSilo.SampleRegistration, AccessPurpose.CaseManagement, Practitioner)).Status);

    /// <summary>Lets the child deliver what it holds (as its timer or next activation would); every follow-up goes.</summary>
    private async Task Settle(string childId) => Assert.Equal(0, (await silo.Grains.GetGrain<IChildDerivedGrain>(childId).Derived())!.Undelivered);

    private async Task AssertListedOnceAtTheEnd(string childId)
    {
        var (total, lastIds) = await LastListed(1000);
        Assert.Equal(ListedChildren + 1, total);
        Assert.Equal(childId, lastIds[^1]);
        Assert.Single(lastIds, id => id == childId);
    }

    /// <summary>How many children the roster lists, and the last <paramref name="last"/> of them.</summary>
    private async Task<(int Total, IReadOnlyList<string> ChildIds)> LastListed(int last)
    {
        var borough = silo.Grains.GetGrain<IBoroughGrain>(Westminster);
        var total = (await borough.ListChildren(Practitioner, 0, 1))!.TotalChildren;
        var listed = await borough.ListChildren(Practitioner, total - last, last);
        Assert.Equal(last, listed!.ChildIds.Count);
        return (total, listed.ChildIds);
    }
}
