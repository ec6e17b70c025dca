using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.ChangeFeed;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

/// <summary>
/// What every backend of the hub's store must do, through the seam only: the same tests run against Azure Tables
/// (on Azurite) and the embedded SQLite store.
/// </summary>
public abstract class StoreConformanceTests : IAsyncLifetime
{
    private const string StateName = "case";

    /// <summary>The backend under test.</summary>
    protected abstract IStoreBackend Backend { get; }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync() => await Backend.DisposeAsync();

    [Fact]
    public async Task A_state_written_before_a_restart_reads_back_after_it_and_can_be_changed_again()
    {
        var grain = StorageHarness.NewGrainId();
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 42, Notes = "strategy meeting held" } };
        await (await Backend.OpenAsync()).Grains.WriteStateAsync(StateName, grain, state);

        var after = (await Backend.OpenAsync()).Grains;
        var read = await Read(after, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal((42, "strategy meeting held"), (read.State.Count, read.State.Notes));
        read.State.Count++;
        await after.WriteStateAsync(StateName, grain, read);
        Assert.Equal(43, (await Read(after, grain)).State.Count);
    }

    [Fact]
    public async Task A_grain_never_written_reads_as_its_default_state()
    {
        var store = await Backend.OpenAsync();
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 99 }, ETag = "stale", RecordExists = true };

        await store.Grains.ReadStateAsync(StateName, StorageHarness.NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task A_stale_write_fails_with_InconsistentStateException_and_the_winners_data_survives()
    {
        var grains = (await Backend.OpenAsync()).Grains;
        var grain = StorageHarness.NewGrainId();
        var a = new TestGrainState<CaseState> { State = new CaseState { Notes = "first" } };
        await grains.WriteStateAsync(StateName, grain, a);
        var b = await Read(grains, grain);
        var staleEtag = b.ETag;

        a.State.Notes = "winner";
        await grains.WriteStateAsync(StateName, grain, a);
        b.State.Notes = "loser";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grains.WriteStateAsync(StateName, grain, b));

        Assert.Equal(a.ETag, conflict.StoredEtag);
        Assert.Equal(staleEtag, conflict.CurrentEtag);
        Assert.Equal("winner", (await Read(grains, grain)).State.Notes);

        // A first write (no ETag) over an existing state conflicts too, rather than overwriting it.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => grains.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "blind" } }));
        Assert.Equal("winner", (await Read(grains, grain)).State.Notes);
    }

    [Fact]
    public async Task Clearing_deletes_the_state_a_stale_clear_fails_and_a_later_write_starts_afresh()
    {
        var grains = (await Backend.OpenAsync()).Grains;
        var grain = StorageHarness.NewGrainId();
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 3 } };
        await grains.WriteStateAsync(StateName, grain, state);
        var stale = await Read(grains, grain);
        state.State.Count = 4;
        await grains.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grains.ClearStateAsync(StateName, grain, stale));
        Assert.Equal(4, (await Read(grains, grain)).State.Count);

        await grains.ClearStateAsync(StateName, grain, state);
        Assert.False(state.RecordExists);
        grains = (await Backend.OpenAsync()).Grains;
        var cleared = await Read(grains, grain);
        Assert.False(cleared.RecordExists);
        Assert.Equal(0, cleared.State.Count);
        await grains.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Count = 1 } });
        Assert.Equal(1, (await Read(grains, grain)).State.Count);
    }

    [Fact]
    public async Task A_large_state_round_trips_and_one_over_the_limit_is_refused_with_nothing_written()
    {
        var grains = (await Backend.OpenAsync()).Grains;
        var grain = StorageHarness.NewGrainId();
        var notes = new string('x', 900 * 1024);
        await grains.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Count = 1, Notes = notes } });
        grains = (await Backend.OpenAsync()).Grains;
        Assert.Equal(notes, (await Read(grains, grain)).State.Notes);

        var tooLarge = await Read(grains, grain);
        tooLarge.State.Notes = new string('y', Backend.MaxStateBytes);
        await Assert.ThrowsAsync<GrainStateTooLargeException>(() => grains.WriteStateAsync(StateName, grain, tooLarge));
        Assert.Equal(notes, (await Read(grains, grain)).State.Notes);
    }

    [Fact]
    public async Task Concurrent_callers_racing_read_modify_write_lose_no_increment()
    {
        var grains = (await Backend.OpenAsync()).Grains;
        var grain = StorageHarness.NewGrainId();
        const int callers = 16;
        const int increments = 5;
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < increments; i++)
            {
                while (true)
                {
                    var state = await Read(grains, grain);
                    state.State.Count++;
                    try
                    {
                        await grains.WriteStateAsync(StateName, grain, state);
                        break;
                    }
                    catch (InconsistentStateException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })));

        Assert.Equal(callers * increments, (await Read(grains, grain)).State.Count);
        Assert.True(conflicts > 0, "the race should have produced at least one conflict, or the test proves nothing");
    }

    [Fact]
    public async Task Records_appended_together_move_the_head_with_their_delivery_id_and_a_later_single_append_keeps_it()
    {
        var subject = "child/" + Guid.NewGuid().ToString("N");
        var audit = (await Backend.OpenAsync()).Audit;
        var head = await audit.ReadHeadAsync(subject);
        var first = AuditChain.Next(subject, head.Sequence, head.Hash, Entry("mash.contact.record"));
        var second = AuditChain.Next(subject, first.Sequence, first.Hash, Entry("mash.requests.send"));
        head = await audit.AppendAsync([first, second], head, head.Marks.With(subject, subject, 7));
        head = await audit.AppendAsync(AuditChain.Next(subject, head.Sequence, head.Hash, Entry("child.read")), head);

        audit = (await Backend.OpenAsync()).Audit;
        var stored = await audit.ReadHeadAsync(subject);
        Assert.Equal((3L, 7L), (stored.Sequence, stored.Marks.Of(subject, subject)));
        Assert.True((await Verify(audit, subject)).Intact);
    }

    [Fact]
    public async Task A_head_keeps_the_marks_of_two_carers_and_the_childs_own_after_a_restart_and_a_stale_append_changes_none()
    {
        var subject = "child/" + Guid.NewGuid().ToString("N");
        const string household = "foster-household/H1", adopter = "adopter/A1";
        var audit = (await Backend.OpenAsync()).Audit;
        var head = await audit.ReadHeadAsync(subject);
        head = await audit.AppendAsync([AuditChain.Next(subject, head.Sequence, head.Hash, Entry("child.register"))], head, head.Marks.With(subject, subject, 2));
        head = await audit.AppendAsync([AuditChain.Next(subject, head.Sequence, head.Hash, Entry("fostering.placement.start"))], head, head.Marks.With(subject, household, 5));
        var beforeAdopter = head;
        head = await audit.AppendAsync([AuditChain.Next(subject, head.Sequence, head.Hash, Entry("adoption.match"))], head, head.Marks.With(subject, adopter, 3));

        // The household's follow-up sent again by a writer that read the head before the adopter's: refused, nothing moves.
        var stale = AuditChain.Next(subject, beforeAdopter.Sequence, beforeAdopter.Hash, Entry("fostering.placement.end"));
        await Assert.ThrowsAsync<StoreConflictException>(() => audit.AppendAsync([stale], beforeAdopter, beforeAdopter.Marks.With(subject, household, 6)));
        head = await audit.AppendAsync(AuditChain.Next(subject, head.Sequence, head.Hash, Entry("child.read")), head);

        audit = (await Backend.OpenAsync()).Audit;
        var stored = await audit.ReadHeadAsync(subject);
        Assert.Equal(4L, stored.Sequence);
        Assert.Equal((2L, 5L, 3L, 0L), (stored.Marks.Of(subject, subject), stored.Marks.Of(subject, household), stored.Marks.Of(subject, adopter), stored.Marks.Of(subject, "adopter/A2")));
        Assert.Equal([adopter, household], stored.Marks.Others.Keys);
        Assert.Equal(["child.register", "fostering.placement.start", "adoption.match", "child.read"], (await ReadAll(audit, subject)).Select(r => r.Entry.Action));
    }

    [Fact]
    public async Task An_audit_chain_survives_a_restart_refuses_a_forked_append_and_names_the_first_record_tampered_with()
    {
        var subject = "child/" + Guid.NewGuid().ToString("N");
        var audit = (await Backend.OpenAsync()).Audit;
        var head = await audit.ReadHeadAsync(subject);
        for (var i = 0; i < 4; i++)
        {
            var record = AuditChain.Next(subject, head.Sequence, head.Hash, Entry("child.read"));
            head = await audit.AppendAsync(record, head);
        }

        audit = (await Backend.OpenAsync()).Audit;
        Assert.True((await Verify(audit, subject)).Intact);
        Assert.Equal(4, (await audit.ReadHeadAsync(subject)).Sequence);

        // A second writer that read the head before the fourth record appends its own fourth: refused, chain unforked.
        var third = (await ReadAll(audit, subject))[2];
        var forked = AuditChain.Next(subject, 3, third.Hash, Entry("child.write"));
        await Assert.ThrowsAsync<StoreConflictException>(() => audit.AppendAsync(forked, head with { Sequence = 3, Hash = third.Hash }));
        Assert.Equal(["child.read", "child.read", "child.read", "child.read"], (await ReadAll(audit, subject)).Select(r => r.Entry.Action));
        Assert.Equal([2L, 3L], (await ReadAll(audit, subject, from: 2, max: 2)).Select(r => r.Sequence));

        await Backend.EditAuditRecordAsync(subject, 3, "E09000020");
        var edited = await Verify(audit, subject);
        Assert.False(edited.Intact);
        Assert.Equal(3, edited.FirstBrokenSequence);

        await Backend.RemoveAuditRecordAsync(subject, 2);
        Assert.Equal(2, (await Verify(audit, subject)).FirstBrokenSequence);
    }

    [Fact]
    public async Task A_marker_said_to_be_new_is_added_and_one_the_feed_holds_already_refuses_the_whole_commit()
    {
        var borough = "E" + Guid.NewGuid().ToString("N")[..8];
        var feeds = (await Backend.OpenAsync()).Feeds;
        var details = ("child-a", ChangeStream.Details);
        var version = await feeds.CommitAsync(borough, new FeedExtent(1, 1), null, [Row("child-a", 1, Change("child-a", 1))],
            new Dictionary<(string, ChangeStream), long> { [details] = 1 }, [], new HashSet<(string, ChangeStream)> { details });
        Assert.Equal(1, await feeds.ReadMarkerAsync(borough, "child-a", ChangeStream.Details));

        // The same change handed over again by a child that still believes the stream new: nothing of it is stored.
        await Assert.ThrowsAsync<StoreConflictException>(() => feeds.CommitAsync(borough, new FeedExtent(1, 2), version,
            [Row("child-a", 2, Change("child-a", 1))], new Dictionary<(string, ChangeStream), long> { [details] = 1 }, [],
            new HashSet<(string, ChangeStream)> { details }));
        Assert.Equal(new FeedExtent(1, 1), (await feeds.ReadHeadAsync(borough)).Extent);
        Assert.Equal([1L], (await feeds.ReadAfterAsync(borough, 0, 100)).Select(e => e.Position));
    }

    [Fact]
    public async Task A_feed_keeps_positions_without_gaps_refuses_a_stale_head_and_resumes_after_a_restart()
    {
        var borough = "E" + Guid.NewGuid().ToString("N")[..8];
        var feeds = (await Backend.OpenAsync()).Feeds;
        await feeds.ExpectAsync(borough, ["child-a", "child-b"]);
        await feeds.ExpectAsync(borough, ["child-b"]);
        Assert.Equal(["child-a", "child-b"], (await feeds.ReadExpectedAsync(borough)).Order(StringComparer.Ordinal));
        var (extent, version) = await feeds.ReadHeadAsync(borough);
        Assert.Equal(new FeedExtent(1, 0), extent);

        var first = Row("child-a", 1, Change("child-a", 1), Change("child-a", 2));
        var second = Row("child-b", 3, Change("child-b", 1));
        var moved = await feeds.CommitAsync(borough, new FeedExtent(1, 3), version, [first, second],
            new Dictionary<(string, ChangeStream), long> { [("child-a", ChangeStream.Details)] = 2, [("child-b", ChangeStream.Details)] = 1 }, ["child-a", "child-b"]);

        // A writer still holding the old head cannot write position 4 over what moved.
        await Assert.ThrowsAsync<StoreConflictException>(() => feeds.CommitAsync(borough, new FeedExtent(1, 4), version,
            [Row("child-c", 4, Change("child-c", 1))], new Dictionary<(string, ChangeStream), long>(), []));
        await feeds.CommitAsync(borough, new FeedExtent(1, 4), moved, [Row("child-a", 4, Change("child-a", 3))],
            new Dictionary<(string, ChangeStream), long> { [("child-a", ChangeStream.Details)] = 3 }, []);

        feeds = (await Backend.OpenAsync()).Feeds;
        Assert.Equal(new FeedExtent(1, 4), (await feeds.ReadHeadAsync(borough)).Extent);
        Assert.Empty(await feeds.ReadExpectedAsync(borough));
        Assert.Equal(3, await feeds.ReadMarkerAsync(borough, "child-a", ChangeStream.Details));
        Assert.Equal(0, await feeds.ReadMarkerAsync(borough, "child-c", ChangeStream.Details));
        var all = await feeds.ReadAfterAsync(borough, 0, 100);
        Assert.Equal([1L, 2L, 3L, 4L], all.Select(e => e.Position));
        Assert.Equal([("child-a", 1L), ("child-a", 2L), ("child-b", 1L), ("child-a", 3L)], all.Select(e => (e.Change.ChildId, e.Change.Sequence)));

        // A watcher resuming after position 1 (inside the first row) gets exactly what follows, once each.
        Assert.Equal([2L, 3L], (await feeds.ReadAfterAsync(borough, 1, 2)).Select(e => e.Position).Take(2));
        Assert.Equal([4L], (await feeds.ReadAfterAsync(borough, 3, 100)).Select(e => e.Position));
        Assert.Empty(await feeds.ReadAfterAsync(borough, 4, 100));

        // Removing the oldest row moves the oldest position past it, and reading from the start resumes there.
        var (now, current) = await feeds.ReadHeadAsync(borough);
        var oldest = await feeds.ReadOldestRowsAsync(borough, 1);
        Assert.Equal(2, Assert.Single(oldest).Last);
        await feeds.RemoveOldestAsync(borough, now, current!, [2]);
        Assert.Equal(new FeedExtent(3, 4), (await feeds.ReadHeadAsync(borough)).Extent);
        Assert.Equal([3L, 4L], (await feeds.ReadAfterAsync(borough, 0, 100)).Select(e => e.Position));
    }

    private static async Task<TestGrainState<CaseState>> Read(IGrainStorage grains, GrainId grain)
    {
        var state = new TestGrainState<CaseState>();
        await grains.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private static AuditEntry Entry(string action) =>
        new(action, "E09000033", "mash-practitioner", "user-1", "mash-enquiry", "MASH-1", "returned", "record", DateTimeOffset.UtcNow);

    private static async Task<List<AuditRecord>> ReadAll(IAuditStore audit, string subject, long from = 1, int? max = null)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in audit.ReadAsync(subject, from, max))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task<AuditChainVerification> Verify(IAuditStore audit, string subject)
    {
        var head = await audit.ReadHeadAsync(subject);
        return AuditChain.Verify(await ReadAll(audit, subject), head.Sequence, head.Hash);
    }

    private static ChildChange Change(string childId, long sequence) =>
        new(childId, ChangeStream.Details, sequence, DateTimeOffset.UtcNow, null, null, []);

    private static ChangeRow Row(string childId, long first, params ChildChange[] changes)
    {
        var row = new ChangeRow(childId, first);
        foreach (var change in changes)
        {
            row.Add(change, ChangeFeedFormat.Serialize(change));
        }

        return row;
    }
}

/// <summary>The conformance suite against Azure Tables on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTablesStoreConformanceTests(AzuriteServer azurite) : StoreConformanceTests
{
    /// <inheritdoc />
    protected override IStoreBackend Backend { get; } = new AzureTablesBackend(azurite);
}

/// <summary>The conformance suite against the embedded SQLite store, and what only that store has: files of older schemas.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly SqliteBackend sqlite = new();

    /// <inheritdoc />
    protected override IStoreBackend Backend => sqlite;

    [Fact]
    public async Task A_file_of_schema_2_keeps_its_heads_delivery_id_and_then_takes_the_marks_of_other_senders()
    {
        const string subject = "child/C1";
        var hash = new string('a', 64);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlite.DatabasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE TABLE audit_head(subject TEXT NOT NULL UNIQUE, sequence INTEGER NOT NULL, hash TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0); " +
                $"INSERT INTO audit_head VALUES('{subject}', 1, '{hash}', 9); PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }

        var audit = (await sqlite.OpenAsync()).Audit;
        var head = await audit.ReadHeadAsync(subject);
        Assert.Equal((1L, hash, 9L), (head.Sequence, head.Hash, head.Marks.Of(subject, subject)));
        Assert.Empty(head.Marks.Others);

        var record = AuditChain.Next(subject, head.Sequence, head.Hash, new AuditEntry(
            "fostering.placement.start", "E09000033", "fostering-manager", "user-1", "case-management", null, "started", "placed", DateTimeOffset.UtcNow));
        await audit.AppendAsync([record], head, head.Marks.With(subject, "foster-household/H1", 4));

        var stored = await (await sqlite.OpenAsync()).Audit.ReadHeadAsync(subject);
        Assert.Equal((2L, 9L, 4L), (stored.Sequence, stored.Marks.Own, stored.Marks.Of(subject, "foster-household/H1")));
        Assert.Equal(3L, HubDatabase.Query(sqlite.DatabasePath, "PRAGMA user_version").Single().Values.Single());
    }
}
