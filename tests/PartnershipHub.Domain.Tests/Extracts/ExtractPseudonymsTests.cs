using System.Security.Cryptography;
using System.Text;
using PartnershipHub.Domain.Extracts;

namespace PartnershipHub.Domain.Tests.Extracts;

public sealed class ExtractPseudonymsTests
{
    private const string ChildId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_child_keeps_one_row_id_within_an_extract_and_different_children_get_different_ones()
    {
        var extract = ExtractPseudonyms.Fresh();

        Assert.Equal(extract.RowId(ChildId), extract.RowId(ChildId));
        Assert.NotEqual(extract.RowId(ChildId), extract.RowId("fedcba9876543210fedcba9876543210"));
    }

    [Fact]
    public void The_same_child_cannot_be_matched_across_two_extracts()
    {
        Assert.NotEqual(ExtractPseudonyms.Fresh().RowId(ChildId), ExtractPseudonyms.Fresh().RowId(ChildId));
    }

    [Fact]
    public void A_row_id_is_a_keyed_hash_unlike_any_hub_id_and_the_same_for_the_same_key()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var rowId = new ExtractPseudonyms(key).RowId(ChildId);

        Assert.Equal(new ExtractPseudonyms(key).RowId(ChildId), rowId);
        Assert.Matches("^[0-9a-f]{20}$", rowId);
        Assert.DoesNotContain(rowId, ChildId);

        // An unkeyed hash could be worked out by anyone holding child ids; the keyed one cannot.
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ChildId)))[..ExtractPseudonyms.Length], rowId);
    }

    [Fact]
    public void A_short_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ExtractPseudonyms(new byte[16]));
}
