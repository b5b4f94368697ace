using FluentValidation;

namespace Delisting.Api.Http;

/// <summary>
/// Free text (references, labels, names, notes, reasons) ends up in spreadsheets, court exports and liaison tools:
/// control characters (C0, DEL, C1) and Unicode bidirectional controls, which can hide or reorder what a person
/// reads there, are refused. Multi-line fields may keep tabs and line breaks.
/// </summary>
public static class PlainTextRules
{
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, bool multiLine = false) =>
        rule.Must(value => FirstForbidden(value, multiLine) < 0)
            .WithMessage((_, value) =>
            {
                var at = FirstForbidden(value, multiLine);
                return $"Contains the control character U+{(int)value![at]:X4} at position {at}: remove control and " +
                       "bidirectional formatting characters" + (multiLine ? " (tabs and line breaks are allowed)." : ".");
            });

    /// <summary>The index of the first character refused, or -1.</summary>
    public static int FirstForbidden(string? value, bool multiLine = false)
    {
        if (value is null) return -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (multiLine && c is '\t' or '\n' or '\r') continue;
            if (IsForbidden(c)) return i;
        }
        return -1;
    }

    public static bool IsForbidden(char c) =>
        c <= '\u001F' || c is >= '\u007F' and <= '\u009F'
        || c is '\u061C' or '\u200E' or '\u200F'            // Arabic letter mark, left-to-right and right-to-left marks
        || c is >= '\u202A' and <= '\u202E'                 // embeddings and overrides
        || c is >= '\u2066' and <= '\u2069';                // isolates
}
