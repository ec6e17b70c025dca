using Azure.Data.Tables;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

/// <summary>Orleans' Azure table provider with the hub's keys and format, against a real Azurite table service. Every test uses its own table.</summary>
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
    [InlineData(TableGrainStorage.MaxStateBytes - 22)] // {"Count":1,"Notes":""} is 22 bytes: exactly at the limit
    public async Task Large_states_split_over_binary_properties_and_round_trip(int size)
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var notes = RandomText(size);

        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Count = 1, Notes = notes } });

        var read = await (await StorageHarness.CreateAsync(azurite.ConnectionString, table)).ReadAsync<CaseState>(StateName, grain);
        Assert.Equal(notes, read.State.Notes);
        var (pk, rk) = StorageHarness.Keys(StateName, grain);
        var entity = (await StorageHarness.Table(azurite.ConnectionString, table).GetEntityAsync<TableEntity>(pk, rk)).Value;
        var parts = entity.Keys.Where(name => name.StartsWith("Data", StringComparison.Ordinal)).ToList();
        Assert.True(parts.Count > 1);
        Assert.All(parts, name => Assert.True(entity.GetBinary(name)!.Length <= 64 * 1024));
        var first = entity.GetBinary("Data")!;
        Assert.Equal(TableStateFormat.FormatVersion, first[0]);
        Assert.Equal(size + 22, BitConverter.ToInt32(first, 1));
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
        Assert.Equal(TableGrainStorage.MaxStateBytes, error.Limit);
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
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var state = new TestGrainState<CaseState> { State = new CaseState { Count = 3, Notes = "closed" } };
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Count);
        var (pk, rk) = StorageHarness.Keys(StateName, grain);
        Assert.False((await StorageHarness.Table(azurite.ConnectionString, table).GetEntityIfExistsAsync<TableEntity>(pk, rk)).HasValue);
        Assert.False((await storage.ReadAsync<CaseState>(StateName, grain)).RecordExists);

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
    public async Task No_two_grains_share_a_row_key_and_each_row_key_names_its_grain()
    {
        var table = StorageHarness.NewTableName();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        var grains = Enumerable.Range(0, 3).Select(_ => StorageHarness.NewGrainId("child")).ToList();
        foreach (var grain in grains)
        {
            await storage.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Count = 1 } });
        }

        var rows = StorageHarness.Table(azurite.ConnectionString, table).Query<TableEntity>().ToList();
        Assert.Equal(3, rows.Select(row => row.RowKey).Distinct().Count());
        Assert.All(grains, grain => Assert.Contains(rows, row =>
            row.RowKey == StorageHarness.Keys(StateName, grain).RowKey && row.RowKey.Contains(grain.Key.ToString()!, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_azure_failure_is_wrapped_with_context_but_no_key_or_contents()
    {
        var storage = new TableGrainStorage("store", new FailingStorage(), "HubGrainState");
        var grain = GrainId.Create("referral", "child-4711-smith");

        var error = await Assert.ThrowsAsync<HubTableStorageException>(() => storage.WriteStateAsync(
            StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "Jane Smith" } }));

        Assert.Contains("write", error.Message);
        Assert.Contains("referral", error.Message);
        Assert.Contains("503", error.Message);
        Assert.DoesNotContain("4711", error.Message);
        Assert.DoesNotContain("Jane", error.Message);
        Assert.IsType<Azure.RequestFailedException>(error.InnerException);
    }

    [Fact]
    public async Task A_row_that_lost_a_part_is_refused_not_misread()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = RandomText(100 * 1024) } });
        var (pk, rk) = StorageHarness.Keys(StateName, grain);
        var client = StorageHarness.Table(azurite.ConnectionString, table);
        var entity = (await client.GetEntityAsync<TableEntity>(pk, rk)).Value;
        entity.Remove("Data1");
        await client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<HubTableStorageException>(() => storage.ReadAsync<CaseState>(StateName, grain));
        Assert.Contains("parts hold", error.Message);
        Assert.Contains("referral", error.Message);
    }

    [Fact]
    public async Task A_row_of_another_format_version_is_refused_naming_the_versions()
    {
        var table = StorageHarness.NewTableName();
        var grain = StorageHarness.NewGrainId();
        var storage = await StorageHarness.CreateAsync(azurite.ConnectionString, table);
        await storage.WriteStateAsync(StateName, grain, new TestGrainState<CaseState> { State = new CaseState { Notes = "v2" } });
        var (pk, rk) = StorageHarness.Keys(StateName, grain);
        var client = StorageHarness.Table(azurite.ConnectionString, table);
        var entity = (await client.GetEntityAsync<TableEntity>(pk, rk)).Value;
        var data = entity.GetBinary("Data")!;
        data[0] = 1;
        entity["Data"] = data;
        await client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<HubTableStorageException>(() => storage.ReadAsync<CaseState>(StateName, grain));
        Assert.Contains("format version 1", error.Message);
        Assert.Contains($"version {TableStateFormat.FormatVersion}", error.Message);
    }

    /// <summary>Stands for the official provider when the table service answers 503 to everything.</summary>
    private sealed class FailingStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        private static Task Fail() => Task.FromException(new Azure.RequestFailedException(503, "The server is busy.", "ServerBusy", null));
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
