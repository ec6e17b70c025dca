using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Tests.Validation;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Sam\u202Eelpmaxe")] // right-to-left override
    [InlineData("Sam\u2067x")] // right-to-left isolate
    [InlineData("Sa\u200Bm")] // zero-width space
    [InlineData("Sa\u200Dm")] // zero-width joiner
    [InlineData("Sa\u00ADm")] // soft hyphen
    [InlineData("Sam\n")] // line break
    [InlineData("Sam\u2028")] // line separator
    [InlineData("Sam\uE000")] // private use
    [InlineData("Sam\U000E0041")] // tag character
    public void A_label_with_an_invisible_or_reordering_character_is_refused(string value)
    {
        Assert.Null(TextRules.Label(value, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("Zoë O'Brien-Smith", "Zoë O'Brien-Smith")]
    [InlineData("Zoe\u0308", "Zo\u00EB")]
    [InlineData("محمد", "محمد")]
    [InlineData("Ana 😀", "Ana 😀")]
    public void A_label_in_any_script_is_kept_in_NFC(string value, string stored)
    {
        Assert.Equal(stored, TextRules.Label(value, out _));
    }

    [Fact]
    public void Free_text_keeps_its_lines_and_tabs_and_is_stored_in_NFC_with_plain_line_breaks()
    {
        Assert.Equal("Cafe\u0301 called.\nTab\there.\nEnd".Normalize(), TextRules.FreeText("Cafe\u0301 called.\r\nTab\there.\rEnd", out _));
    }

    [Theory]
    [InlineData("All is well \u202Eereh")]
    [InlineData("Hidden \u2066isolate")]
    [InlineData("Bell \u0007")]
    [InlineData("Escape \u001B[31m")]
    public void Free_text_with_control_or_direction_characters_is_refused(string value)
    {
        Assert.Null(TextRules.FreeText(value, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_broken_character_is_refused_in_labels_and_free_text()
    {
        // Built here, not passed as test data, which would replace the lone surrogate before the test sees it.
        var broken = "Sam" + (char)0xD800 + "x";
        Assert.Null(TextRules.Label(broken, out _));
        Assert.Null(TextRules.FreeText(broken, out _));
        Assert.Null(TextRules.FreeText("Sam" + (char)0xDC00, out _));
    }

    [Fact]
    public void Free_text_keeps_joiners_and_direction_marks_which_scripts_need()
    {
        const string text = "\u0645\u200C\u0646 \u200Fok\u200D";
        Assert.Equal(text, TextRules.FreeText(text, out _));
    }
}
