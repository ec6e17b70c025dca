using System.Text;
using PartnershipHub.Storage.AzureTables;
using Xunit;

namespace PartnershipHub.Storage.Tests;

public sealed class TableKeyEncodingTests
{
    private static readonly string[] Tricky =
    [
        "", "a", "A", "_", "__", "_5F", "_u005F", "~", "!", "a~b", "a_b", "a/b", "a\\b", "a#b", "a?b", "'", "''", "\"",
        "\u0000", "\u001F", "\u007F", "\u0085", "\u009F", "\u00FF", "\u0100", "é", "e\u0301", "😀", "\uD800", "\uDC00",
        "\uDE00\uD83D", "%2F", "%", " ", "  ", ".", "..", "-", "a.b-c", "ABC", "abc", "Ä", "ä", "\t", "\r\n",
        new string('x', 600), new string('/', 300), new string('x', 600) + "y",
    ];

    [Fact]
    public void Escaping_is_injective_on_tricky_inputs()
    {
        var seen = new Dictionary<string, string>();
        foreach (var input in Tricky)
        {
            var escaped = TableKeyEncoding.EscapeComponent(input);
            Assert.False(seen.TryGetValue(escaped, out var other), $"'{Show(input)}' and '{Show(other ?? "")}' both escape to '{escaped}'");
            seen[escaped] = input;
        }
    }

    [Fact]
    public void Joined_keys_are_injective_across_component_boundaries()
    {
        // "a~" + "b" versus "a" + "~b": the separator must not be confusable with escaped content.
        var pairs = new[] { ("a~", "b"), ("a", "~b"), ("a_", "b"), ("a", "_b"), ("a", "b"), ("ab", ""), ("", "ab") };
        var keys = pairs.Select(p => TableKeyEncoding.BuildKey("svc", p.Item1, p.Item2)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Keys_never_contain_characters_azure_forbids()
    {
        foreach (var input in Tricky)
        {
            var key = TableKeyEncoding.BuildKey("service/1", "grain#type", input);
            foreach (var c in key)
            {
                Assert.False(c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F',
                    $"key for '{Show(input)}' contains U+{(int)c:X4}");
            }

            Assert.All(key, c => Assert.True(c < 128, "keys are ASCII"));
        }
    }

    [Fact]
    public void Long_keys_are_bounded_and_stay_distinct_through_the_hash()
    {
        var longA = new string('a', 5000);
        var longB = new string('a', 4999) + "b";
        var keyA = TableKeyEncoding.BuildKey("svc", "grain", longA);
        var keyB = TableKeyEncoding.BuildKey("svc", "grain", longB);

        Assert.Equal(TableKeyEncoding.MaxKeyLength, keyA.Length);
        Assert.True(Encoding.UTF8.GetByteCount(keyA) <= 1024);
        Assert.True(keyA.Length * sizeof(char) <= 1024, "within 1 KiB even counted as UTF-16");
        Assert.NotEqual(keyA, keyB);
        Assert.StartsWith("svc~grain~aaaa", keyA);

        // A short key can never equal a hashed one: escaping never emits the hash marker.
        Assert.DoesNotContain('!', TableKeyEncoding.BuildKey("svc", "grain", "!!!"));
        Assert.Contains('!', keyA);
    }

    [Fact]
    public void Every_key_stays_within_the_bound_even_when_escaping_multiplies_length()
    {
        foreach (var length in new[] { 0, 1, 100, 101, 102, 103, 200, 5000 })
        {
            var key = TableKeyEncoding.BuildKey("svc", new string('\uD7FF', length));
            Assert.True(key.Length <= TableKeyEncoding.MaxKeyLength, $"length {length} gave {key.Length}");
        }
    }

    [Fact]
    public void Safe_characters_pass_through_so_keys_stay_readable()
    {
        Assert.Equal("phub-tests~referral~3f2a.v1", TableKeyEncoding.BuildKey("phub-tests", "referral", "3f2a.v1"));
        Assert.Equal("a_2Fb_5Fc_E9", TableKeyEncoding.EscapeComponent("a/b_c\u00E9"));
        Assert.Equal("_u263A", TableKeyEncoding.EscapeComponent("\u263A"));
    }

    private static string Show(string s) => string.Concat(s.Take(20).Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
