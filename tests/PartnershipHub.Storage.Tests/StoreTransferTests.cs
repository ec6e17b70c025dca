using Azure.Data.Tables;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Sync;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Storage;
using PartnershipHub.Storage.AzureTables;
using PartnershipHub.Storage.Sqlite;
using PartnershipHub.Testing;
using Xunit;

namespace PartnershipHub.Storage.Tests;

/// <summary>
/// The transfer seam of both backends at sizes the host test does not reach: a feed of full change rows (each near
/// Azure's 32K-character property limit) and a large grain state go from SQLite to Azure Tables and back unchanged.
/// A chain's head keeps the last delivery id it took from each sender (so follow-ups sent again after the copy are
/// still recognised). Azurite does not enforce Azure's 4 MB transaction limit, so the splitting of transactions by size is not proven here.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StoreTransferTests(AzuriteServer azurite) : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("phub-transfer-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task Full_change_rows_a_large_state_and_an_audit_head_with_the_delivery_ids_of_three_senders_go_to_azure_and_back_unchanged()
    {
        var rows = Enumerable.Range(0, 150)
            .Select(i => new StoredChangeRow(i + 1, i + 1, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i), new string((char)('a' + (i % 26)), 29_000)))
            .ToList();
        var feed = new StoredFeed("E09000033", new FeedExtent(1, 150), rows, [new StoredFeedMarker("child-1", ChangeStream.Care, 7)], ["child-2"]);
        var state = new StoredGrainState("child", "abc", "child", Enumerable.Range(0, 900_000).Select(i => (byte)i).ToArray());

        await using var source = new SqliteHubDatabase(Path.Combine(folder.FullName, "source", SqliteHubDatabase.FileName));
        var sqlite = new SqliteStoreTransfer(source);
        await sqlite.OpenAsync(CancellationToken.None);
        await sqlite.WriteFeedAsync(feed, CancellationToken.None);
        await sqlite.WriteGrainStatesAsync([state], CancellationToken.None);
        const string subject = "child/abc";
        var record = AuditChain.Next(subject, 0, AuditChain.Genesis, new AuditEntry(
            "child.register", "E09000033", "mash-practitioner", "jo", "case-management", null, "created", "test", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
        var marks = DeliveryMarks.None.With(subject, subject, 42).With(subject, "foster-household/H1", 7).With(subject, "adopter/A1", 3);
        await sqlite.Audit.AppendAsync([record], await sqlite.Audit.ReadHeadAsync(subject), marks);

        var suffix = Guid.NewGuid().ToString("N")[..12];
        var azure = new TableStoreTransfer(
            new TableServiceClient(azurite.ConnectionString), new HubTableNames("S" + suffix, "A" + suffix, "F" + suffix), "partnershiphub");
        await azure.OpenAsync(CancellationToken.None);
        var there = await StoreCopy.CopyAsync(sqlite, azure, CancellationToken.None);
        Assert.Equal(new StoreCounts(1, 1, 1, 1, 150, 1, 1), there.Counts);
        var headThere = await azure.Audit.ReadHeadAsync(subject);
        Assert.Equal((1L, marks), (headThere.Sequence, headThere.Marks));

        await using var back = new SqliteHubDatabase(Path.Combine(folder.FullName, "back", SqliteHubDatabase.FileName));
        var home = new SqliteStoreTransfer(back);
        await home.OpenAsync(CancellationToken.None);
        await StoreCopy.CopyAsync(azure, home, CancellationToken.None);

        var headBack = await home.Audit.ReadHeadAsync(subject);
        Assert.Equal((record.Sequence, record.Hash, marks), (headBack.Sequence, headBack.Hash, headBack.Marks));
        Assert.Equal((42L, 7L, 3L), (headBack.Marks.Own, headBack.Marks.Others["foster-household/H1"], headBack.Marks.Others["adopter/A1"]));
        var returned = await home.ReadFeedsAsync(CancellationToken.None).SingleAsync();
        Assert.Equal(feed.Extent, returned.Extent);
        Assert.Equal(feed.Rows, returned.Rows);
        Assert.Equal(feed.Markers, returned.Markers);
        Assert.Equal(feed.Expected, returned.Expected);
        var returnedState = await home.ReadGrainStatesAsync(CancellationToken.None).SingleAsync();
        Assert.Equal(state.Data, returnedState.Data);
        Assert.Equal((state.GrainType, state.GrainKey, state.StateName), (returnedState.GrainType, returnedState.GrainKey, returnedState.StateName));
    }
}
