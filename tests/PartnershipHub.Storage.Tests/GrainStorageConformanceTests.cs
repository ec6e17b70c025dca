using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

/// <summary>The provider against a real Azurite table service. Every test uses its own table.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GrainStorageConformanceTests(AzuriteServer azurite)
{
    private const string StateName = "case";

    [Fact]
    public async Task A_written_state_reads_back_through_a_new_provider_instance()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var writer = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 7, Notes = "strategy meeting held" } };

        await writer.WriteStateAsync(StateName, grain, state);

        Assert.True(state.RecordExists);
        Assert.NotNull(state.ETag);
        var reader = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var read = await reader.ReadAsync<CaseState>(StateName, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(7, read.State.Count);
        Assert.Equal("strategy meeting held", read.State.Notes);
    }

    [Fact]
    public async Task Reading_a_grain_that_was_never_written_gives_default_state_and_no_error()
    {
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, StorageHarness.NewTableName());
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 99 }, ETag = "stale", RecordExists = true };

        await storage.ReadStateAsync(StateName, StorageHarness.NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task A_stale_writer_fails_with_InconsistentStateException_and_the_winners_data_survives()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var siloA = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var siloB = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var a = new TestGrainState<CaseState> { State = new CaseState { Notes = "first" } };
        await siloA.WriteStateAsync(StateName, grain, a);
        var b = await siloB.ReadAsync<CaseState>(StateName, grain);
        var staleEtag = b.ETag;

        a.State.Notes = "winner";
        await siloA.WriteStateAsync(StateName, grain, a);
        b.State.Notes = "loser";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.WriteStateAsync(StateName, grain, b));

        Assert.Equal(a.ETag, conflict.StoredEtag);
        Assert.Equal(staleEtag, conflict.CurrentEtag);
        Assert.Equal(staleEtag, b.ETag);
        Assert.Equal("winner", (await siloB.ReadAsync<CaseState>(StateName, grain)).State.Notes);
    }

    [Fact]
    public async Task Two_first_writers_of_the_same_grain_conflict_instead_of_overwriting()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var siloA = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var siloB = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        await siloA.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "first in" } });

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => siloB.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "second" } }));

        Assert.Equal("first in", (await siloA.ReadAsync<CaseState>(StateName, grain)).State.Notes);
    }

    [Theory]
    [InlineData(300 * 1024)]
    [InlineData(900 * 1024)]
    [InlineData(HubTableGrainStorage.MaxStateBytes - 22)] // {"Count":1,"Notes":""} is 22 bytes: exactly at the limit
    public async Task Large_states_split_over_binary_properties_and_round_trip(int size)
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var notes = RandomText(size);

        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Count = 1, Notes = notes } });

        var read = await (await StorageHarness.CreateAsync(azurite.ConnectionString, table)).ReadAsync<CaseState>(StateName, grain);
        Assert.Equal(notes, read.State.Notes);
        var (pk, rk) = storage.Keys(StateName, grain);
        var entity = (await StorageHarness.Table(azurite.ConnectionString, table).GetEntityAsync<TableEntity>(pk, rk)).Value;
        var parts = entity.GetInt32(HubTableGrainStorage.DataPartsProperty)!.Value;
        Assert.True(parts > 1);
        Assert.All(Enumerable.Range(0, parts), i => Assert.True(entity.GetBinary("Data" + i)!.Length <= 64 * 1024));
        Assert.Equal(HubTableGrainStorage.FormatVersion, entity.GetInt32(HubTableGrainStorage.FormatVersionProperty));
        Assert.Equal(size + 22, entity.GetInt32(HubTableGrainStorage.DataLengthProperty));
    }

    [Fact]
    public async Task A_state_over_the_entity_limit_is_refused_clearly_and_nothing_is_written()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var before = new TestGrainState<CaseState> { State = new CaseState { Notes = "small and safe" } };
        await storage.WriteStateAsync(StateName, grain, before);
        var etagBefore = before.ETag;
        before.State.Notes = RandomText(1100 * 1024);

        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => storage.WriteStateAsync(StateName, grain, before));

        Assert.Equal("referral", error.GrainType);
        Assert.Equal(StateName, error.StateName);
        Assert.Equal(HubTableGrainStorage.MaxStateBytes, error.Limit);
        Assert.True(error.Size > error.Limit);
        Assert.Contains("case", error.Message);
        Assert.Contains(error.Size.ToString(), error.Message);
        Assert.DoesNotContain(grain.Key.ToString()!, error.Message);
        Assert.Equal(etagBefore, before.ETag);
        var stored = await storage.ReadAsync<CaseState>(StateName, grain);
        Assert.Equal("small and safe", stored.State.Notes);
        Assert.Equal(etagBefore, stored.ETag);

        var fresh = StorageHarness.NewGrainId();
        await Assert.ThrowsAsync<GrainStateTooLargeException>(() => storage.WriteStateAsync(
            StateName, fresh, new TestGrainState<CaseState> { State = new CaseState { Notes = RandomText(2 * 1024 * 1024) } }));
        Assert.False((await storage.ReadAsync<CaseState>(StateName, fresh)).RecordExists);
    }

    [Fact]
    public async Task Clearing_with_delete_removes_the_entity_and_a_later_write_starts_afresh()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table, o => o.DeleteStateOnClear = true);
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 3, Notes = "closed" } };
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Count);
        var (pk, rk) = storage.Keys(StateName, grain);
        Assert.False((await StorageHarness.Table(azurite.ConnectionString, table).GetEntityIfExistsAsync<TableEntity>(pk, rk)).HasValue);
        Assert.False((await storage.ReadAsync<CaseState>(StateName, grain)).RecordExists);

        state.State.Notes = "reopened";
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("reopened", (await storage.ReadAsync<CaseState>(StateName, grain)).State.Notes);
    }

    [Fact]
    public async Task Clearing_with_a_marker_keeps_the_etag_chain_so_stale_writers_still_fail()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table, o => o.DeleteStateOnClear = false);
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 3, Notes = "closed" } };
        await storage.WriteStateAsync(StateName, grain, state);
        var stale = await storage.ReadAsync<CaseState>(StateName, grain);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.Equal(0, state.State.Count);
        var (pk, rk) = storage.Keys(StateName, grain);
        var marker = (await StorageHarness.Table(azurite.ConnectionString, table).GetEntityAsync<TableEntity>(pk, rk)).Value;
        Assert.True(marker.GetBoolean(HubTableGrainStorage.ClearedProperty));
        Assert.Null(marker.GetBinary("Data0"));
        var read = await storage.ReadAsync<CaseState>(StateName, grain);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(0, read.State.Count);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));

        state.State.Notes = "reopened";
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("reopened", (await storage.ReadAsync<CaseState>(StateName, grain)).State.Notes);
    }

    [Fact]
    public async Task A_stale_clear_fails_and_keeps_the_other_writers_data()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var siloA = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var siloB = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var a = new TestGrainState<CaseState> { State = new CaseState { Notes = "v1" } };
        await siloA.WriteStateAsync(StateName, grain, a);
        var b = await siloB.ReadAsync<CaseState>(StateName, grain);
        a.State.Notes = "v2";
        await siloA.WriteStateAsync(StateName, grain, a);

        await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.ClearStateAsync(StateName, grain, b));

        Assert.Equal("v2", (await siloA.ReadAsync<CaseState>(StateName, grain)).State.Notes);
    }

    [Fact]
    public async Task Callers_on_two_silos_racing_read_modify_write_lose_no_increment()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var silos = new[]
        {
            await StorageHarness.CreateAsync(azurite.ConnectionString, table),
            await StorageHarness.CreateAsync(azurite.ConnectionString, table),
        };
        const int callersPerSilo = 8;
        const int incrementsPerCaller = 5;
        var successes = 0;
        var conflicts = 0;

        var callers = silos.SelectMany(silo => Enumerable.Range(0, callersPerSilo).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsPerCaller; i++)
            {
                while (true)
                {
                    var state = await silo.ReadAsync<CaseState>(StateName, grain);
                    state.State.Count++;
                    try
                    {
                        await silo.WriteStateAsync(StateName, grain, state);
                        Interlocked.Increment(ref successes);
                        break;
                    }
                    catch (InconsistentStateException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })));
        await Task.WhenAll(callers);

        var final = await silos[0].ReadAsync<CaseState>(StateName, grain);
        Assert.Equal(2 * callersPerSilo * incrementsPerCaller, successes);
        Assert.Equal(successes, final.State.Count);
        Assert.True(conflicts > 0, "the race should have produced at least one conflict, or the test proves nothing");
    }

    [Fact]
    public async Task State_survives_the_provider_and_its_client_being_rebuilt()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var before = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 42, Notes = "before restart" } };
        await before.WriteStateAsync(StateName, grain, state);
        before = null;

        var after = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var read = await after.ReadAsync<CaseState>(StateName, grain);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("before restart", read.State.Notes);
        read.State.Count++;
        await after.WriteStateAsync(StateName, grain, read);
        Assert.Equal(43, (await after.ReadAsync<CaseState>(StateName, grain)).State.Count);
    }

    [Fact]
    public async Task Grain_keys_and_state_names_with_awkward_characters_are_stored_apart()
    {
        var table = StorageHarness.NewTableName();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var keys = new[]
        {
            "a/b", "a\\b", "a#b", "a?b", "a_2Fb", "it's", "tab\there", "nul\u0000x", "c1\u0085", "~!", "é", "😀",
            "%2F", "..", new string('k', 900), new string('k', 899) + "j",
        };
        var stateNames = new[] { "case", "case/1", "case_2F1" };

        foreach (var key in keys)
        {
            foreach (var stateName in stateNames)
            {
                await storage.WriteStateAsync(stateName, GrainId.Create("referral", key),
                    new TestGrainState<CaseState> { State = new CaseState { Notes = key + "|" + stateName } });
            }
        }

        foreach (var key in keys)
        {
            foreach (var stateName in stateNames)
            {
                var read = await storage.ReadAsync<CaseState>(stateName, GrainId.Create("referral", key));
                Assert.Equal(key + "|" + stateName, read.State.Notes);
            }
        }
    }

    [Fact]
    public async Task An_older_row_reads_into_a_state_type_that_gained_and_lost_members()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var oldBuild = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        await oldBuild.WriteStateAsync(StateName, grain, new TestGrainState<ReferralStateV1>
        {
            State = new ReferralStateV1 { Summary = "school raised concern", Priority = 2, RetiredField = "gone" },
        });

        var newBuild = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var read = await newBuild.ReadAsync<ReferralStateV2>(StateName, grain);

        Assert.Equal("school raised concern", read.State.Summary);
        Assert.Equal(2, read.State.Priority);
        Assert.Equal("awaiting decision", read.State.Outcome);
        Assert.Empty(read.State.Agencies);

        // And a newer row still reads in the older build (the extra members are ignored).
        read.State.Agencies.Add("police");
        await newBuild.WriteStateAsync(StateName, grain, read);
        var back = await oldBuild.ReadAsync<ReferralStateV1>(StateName, grain);
        Assert.Equal("school raised concern", back.State.Summary);
        Assert.Equal("", back.State.RetiredField);
    }

    [Fact]
    public async Task Each_operation_emits_one_span_with_no_grain_key_or_state_contents()
    {
        var table = StorageHarness.NewTableName();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var grain = GrainId.Create("referral", "child-4711-smith");
        const string secret = "Jane Smith, DOB 2015-03-02";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HubStorageTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem(HubStorageTelemetry.TableTag) as string == table)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var state = new TestGrainState<CaseState> { State = new CaseState { Notes = secret } };
        await storage.WriteStateAsync(StateName, grain, state);
        await storage.ReadStateAsync(StateName, grain, state);
        var stale = new TestGrainState<CaseState> { State = new CaseState { Notes = secret }, ETag = "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        await storage.ClearStateAsync(StateName, grain, state);

        Assert.Equal(["write", "read", "write", "clear"], spans.Select(s => s.GetTagItem(HubStorageTelemetry.OperationTag)));
        Assert.Equal(["ok", "ok", "conflict", "ok"], spans.Select(s => s.GetTagItem(HubStorageTelemetry.StatusTag)));
        Assert.All(spans, span =>
        {
            Assert.Equal(StateName, span.GetTagItem(HubStorageTelemetry.StateNameTag));
            Assert.Equal("referral", span.GetTagItem(HubStorageTelemetry.GrainTypeTag));
            foreach (var (name, value) in span.TagObjects)
            {
                var text = value?.ToString() ?? "";
                Assert.DoesNotContain("4711", text);
                Assert.DoesNotContain("Jane", text);
            }

            Assert.DoesNotContain("4711", span.DisplayName + span.StatusDescription);
        });
    }

    [Fact]
    public async Task An_azure_failure_is_wrapped_with_context_but_no_key_or_contents()
    {
        // Never initialised, so the table does not exist and Azure answers 404 TableNotFound.
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, StorageHarness.NewTableName(), initialize: false);
        var grain = GrainId.Create("referral", "child-4711-smith");

        var error = await Assert.ThrowsAsync<HubTableStorageException>(() => storage.WriteStateAsync(
            StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "Jane Smith" } }));

        Assert.Contains("write", error.Message);
        Assert.Contains("referral", error.Message);
        Assert.Contains("404", error.Message);
        Assert.DoesNotContain("4711", error.Message);
        Assert.DoesNotContain("Jane", error.Message);
        Assert.IsType<Azure.RequestFailedException>(error.InnerException);
    }

    [Fact]
    public async Task A_row_whose_parts_disagree_with_its_length_is_refused_not_misread()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "ok" } });
        var (pk, rk) = storage.Keys(StateName, grain);
        var client = StorageHarness.Table(azurite.ConnectionString, table);
        var entity = (await client.GetEntityAsync<TableEntity>(pk, rk)).Value;
        entity[HubTableGrainStorage.DataLengthProperty] = 5;
        await client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<HubTableStorageException>(() => storage.ReadAsync<CaseState>(StateName, grain));
        Assert.Contains("DataLength", error.Message);
    }

    private static string RandomText(int length)
    {
        var random = new Random(length);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + r.Next(26));
            }
        });
    }
}
