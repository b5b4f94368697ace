using System.Globalization;
using System.Text;
using FluentValidation;

namespace Delisting.Api.Http;

/// <summary>
/// Free text (references, labels, names, descriptions, notes, reasons) ends up in spreadsheets, court exports and
/// liaison tools, where a character nobody sees can hide, reorder or split what a person reads. Refused: control
/// characters (C0, DEL, C1), format characters (Cf: bidirectional controls, zero-width space and joiners, the byte
/// order mark, tag characters), the line and paragraph separators, private-use, unassigned and noncharacter code
/// points, and lone surrogates. Multi-line fields may keep tabs and line breaks. The one rule every validator applies.
/// </summary>
public static class PlainTextRules
{
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, bool multiLine = false) =>
        rule.Must(value => FirstForbidden(value, multiLine) < 0)
            .WithMessage((_, value) =>
            {
                var at = FirstForbidden(value, multiLine);
                var code = Rune.TryGetRuneAt(value!, at, out var rune) ? rune.Value : value![at];
                return $"Contains U+{code:X4} ({Kind(value!, at)}) at position {at}: remove control, formatting, invisible, " +
                       "private-use and unassigned characters" + (multiLine ? " (tabs and line breaks are allowed)." : ".");
            });

    /// <summary>The index (in UTF-16 code units, as JSON strings count) of the first character refused, or -1.</summary>
    public static int FirstForbidden(string? value, bool multiLine = false)
    {
        if (value is null) return -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (multiLine && c is '\t' or '\n' or '\r') continue;
            if (!Rune.TryGetRuneAt(value, i, out var rune)) return i;
            if (IsForbidden(rune)) return i;
            if (rune.Utf16SequenceLength == 2) i++;
        }
        return -1;
    }

    public static bool IsForbidden(char c) => !Rune.TryCreate(c, out var rune) || IsForbidden(rune);

    public static bool IsForbidden(Rune rune) =>
        IsNoncharacter(rune.Value) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;

    /// <summary>U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, …).</summary>
    private static bool IsNoncharacter(int code) => code is >= 0xFDD0 and <= 0xFDEF || (code & 0xFFFE) == 0xFFFE;

    private static string Kind(string value, int at)
    {
        if (!Rune.TryGetRuneAt(value, at, out var rune)) return "a lone surrogate";
        if (IsNoncharacter(rune.Value)) return "a noncharacter";
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => "a control character",
            UnicodeCategory.Format => "an invisible formatting character",
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "a line or paragraph separator",
            UnicodeCategory.PrivateUse => "a private-use character",
            _ => "an unassigned code point",
        };
    }
}
