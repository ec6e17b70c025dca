using System.Globalization;
using System.Text;

namespace PartnershipHub.Domain.Validation;

/// <summary>
/// The one rule for text the hub accepts, so that no text hides what it says. Two kinds:
/// <list type="bullet">
/// <item><b>Labels</b> (names, references, identifiers, codes, titles): a person reads them to decide who or what a
/// record is, so anything invisible or reordering is refused: control and format characters (right-to-left and other
/// direction overrides, zero-width spaces and joiners, soft hyphens, tag characters), line and paragraph separators,
/// private-use and unassigned code points, and lone surrogates.</item>
/// <item><b>Free text</b> (concerns, rationale, notes, answers): written by practitioners in any language, so it is
/// normalised rather than policed: to Unicode NFC and to <c>\n</c> line breaks (<c>\r\n</c> and <c>\r</c> become
/// <c>\n</c>). Control characters other than newline and tab, the direction embeddings, overrides and isolates
/// (U+202A to U+202E, U+2066 to U+2069) and lone surrogates are refused rather than silently removed, so what is
/// stored is exactly what the writer sees. Joiners and direction marks, which scripts such as Arabic or Devanagari
/// need, stay.</item>
/// </list>
/// Both are normalised to NFC, so the same name typed twice is stored the same way.
/// </summary>
public static class TextRules
{
    /// <summary>Checks and normalises a label; returns null with the reason when it holds a character it must not.</summary>
    public static string? Label(string value, out string? problem)
    {
        for (var i = 0; i < value.Length; i += char.IsSurrogatePair(value, i) ? 2 : 1)
        {
            if (char.IsSurrogate(value[i]) && !char.IsSurrogatePair(value, i))
            {
                problem = "must not contain a broken character (a lone surrogate).";
                return null;
            }

            if (IsHiddenInLabel(CharUnicodeInfo.GetUnicodeCategory(value, i)))
            {
                problem = $"must not contain control, format or invisible characters (found U+{char.ConvertToUtf32(value, i):X4} at position {i}).";
                return null;
            }
        }

        problem = null;
        return value.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Checks and normalises free text; returns null with the reason when it holds a character it must not.</summary>
    public static string? FreeText(string value, out string? problem)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(value, i))
                {
                    problem = "must not contain a broken character (a lone surrogate).";
                    return null;
                }

                i++;
            }
            else if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || IsDirectionControl(c))
            {
                problem = $"must not contain control or text-direction characters (found U+{(int)c:X4} at position {i}).";
                return null;
            }
        }

        problem = null;
        return value.ReplaceLineEndings("\n").Normalize(NormalizationForm.FormC);
    }

    /// <summary>The direction embeddings, overrides and isolates that reorder the text after them.</summary>
    private static bool IsDirectionControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsHiddenInLabel(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
}
