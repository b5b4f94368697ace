using System.Xml;

namespace Delisting.Api.Domain;

/// <summary>
/// An order's response time as an ISO 8601 duration (contract v1.2, urgent orders): `PT5M` to `P30D`, in days,
/// hours, minutes and whole seconds, or ISO 8601's whole weeks standing alone (`P1W` is `P7D`). The text is parsed by
/// the framework's xs:duration reader (a subset of ISO 8601, without weeks); what it accepts beyond the contract is
/// refused here with the reason.
/// </summary>
public static class ResponseTimes
{
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(5), Longest = TimeSpan.FromDays(30);

    private const string Allowed = "an ISO 8601 duration in days, hours, minutes and whole seconds from PT5M to P30D (for example PT30M, PT4H, P2D)";

    /// <summary>Reads <paramref name="text"/>; false with a message that says what is allowed.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrEmpty(text) || text.Length > 40 || text.Trim().Length != text.Length)
        {
            error = $"responseTime must be {Allowed}.";
            return false;
        }
        if (text[0] == '-')
        {
            error = $"responseTime cannot be negative: it must be {Allowed}.";
            return false;
        }
        var datePart = text.Split('T')[0];
        if (datePart.Contains('Y') || datePart.Contains('M'))
        {
            error = $"responseTime cannot use years or months: their length varies (28 to 31 days, 365 or 366), so the deadline " +
                    $"would be ambiguous. Use {Allowed}.";
            return false;
        }
        if (text.Contains('.') || text.Contains(','))
        {
            error = $"responseTime cannot have fractions of a second: it must be {Allowed}.";
            return false;
        }
        // ISO 8601's week form, PnW, stands alone: read as its days (xs:duration has no weeks).
        var parsed = text;
        if (text.Contains('W'))
        {
            if (text.Length is < 3 or > 6 || text[0] != 'P' || text[^1] != 'W' || text.AsSpan(1, text.Length - 2).ContainsAnyExceptInRange('0', '9'))
            {
                error = $"'{text}' is not an ISO 8601 duration: weeks are written alone (P2W), not beside other units. responseTime must " +
                        $"be {Allowed}, or whole weeks (P1W to P4W).";
                return false;
            }
            parsed = "P" + (int.Parse(text.AsSpan(1, text.Length - 2), System.Globalization.CultureInfo.InvariantCulture) * 7)
                .ToString(System.Globalization.CultureInfo.InvariantCulture) + "D";
        }
        try
        {
            value = XmlConvert.ToTimeSpan(parsed);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            error = $"'{text}' is not an ISO 8601 duration: responseTime must be {Allowed}.";
            return false;
        }
        if (value < Shortest || value > Longest)
        {
            error = $"responseTime {text} is out of range: it must be {Allowed}.";
            return false;
        }
        return true;
    }

    /// <summary>The canonical text of a response time (`PT1H`, `P1DT12H`), as reads show it.</summary>
    public static string Format(TimeSpan value) => XmlConvert.ToString(value);
}
