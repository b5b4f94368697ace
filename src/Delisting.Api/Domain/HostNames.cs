using System.Globalization;

namespace Delisting.Api.Domain;

/// <summary>
/// Host and domain names as stored and compared: lowercase ASCII (punycode), no trailing dot. A ruling's site
/// domains and the hosts of delisting URLs follow the same rules (<see cref="TryNormalizeHost"/>); a site must also
/// be a bare, registrable domain (<see cref="TryNormalizeDomain(string?, out string, out string?)"/>).
/// </summary>
public static class HostNames
{
    /// <summary>A whole name in ASCII form, without the trailing dot (RFC 1035: 255 octets on the wire).</summary>
    public const int MaxDomainLength = 253;

    public const int MaxLabelLength = 63;

    /// <summary>
    /// Longer input is refused before it is read, to bound the work done on hostile input. A real name is far
    /// shorter; the margin is for Unicode input, which IDNA mapping can shorten (it drops ignored characters).
    /// </summary>
    public const int MaxReadLength = 1024;

    public static bool TryNormalizeDomain(string? input, out string domain, out string? error) =>
        TryNormalizeDomain(input, allowPublicSuffix: false, out domain, out error);

    /// <summary>
    /// A domain as a site's is normalized and checked; with <paramref name="allowPublicSuffix"/> a public suffix such as
    /// 'github.io' is accepted too (a protected host may be one), though never a single label.
    /// </summary>
    public static bool TryNormalizeDomain(string? input, bool allowPublicSuffix, out string domain, out string? error)
    {
        var errors = HostNameErrors.Domain;
        domain = string.Empty;
        var trimmed = input?.Trim();
        error = trimmed switch
        {
            null or "" => errors.Empty,
            { Length: > MaxReadLength } => errors.LongerThanRead(trimmed.Length),
            _ when ContainsWhitespaceOrControl(trimmed) => errors.WhitespaceOrControl,
            _ when IpLiterals.IsIpAddress(trimmed) => errors.IpAddress,
            _ when trimmed.Contains("://", StringComparison.Ordinal) || trimmed.IndexOfAny(['/', '\\', '?', '#', '@']) >= 0 =>
                "Give a domain name only (like 'example.com'), without a scheme, user, path, query or fragment.",
            _ when trimmed.Contains(':') => "Give a domain name only (like 'example.com'), without a port.",
            _ when trimmed.Contains('*') => "Wildcards are not allowed; a site already covers all of its subdomains.",
            _ => null,
        };
        if (error is not null || !TryNormalize(trimmed!, errors, out var ascii, out error))
        {
            return false;
        }

        if (!ascii.Contains('.'))
        {
            error = $"'{ascii}' is a single label; list a registered domain such as 'example.com'.";
            return false;
        }

        if (!allowPublicSuffix && PublicSuffixList.IsPublicSuffix(ascii))
        {
            error = $"'{ascii}' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.{ascii}').";
            return false;
        }

        domain = ascii;
        return true;
    }

    /// <summary>
    /// Normalizes a host taken from a URL: lowercase, one trailing dot removed, IDN to punycode, every label
    /// following <see cref="LabelProblem"/>, at most <see cref="MaxDomainLength"/> characters, and not an IP address.
    /// </summary>
    internal static bool TryNormalizeHost(string host, out string ascii, out string error)
    {
        var ok = TryNormalize(host, HostNameErrors.Host, out ascii, out var problem);
        error = problem ?? string.Empty;
        return ok;
    }

    private static bool TryNormalize(string input, HostNameErrors errors, out string ascii, out string? error)
    {
        ascii = string.Empty;
        error = input.Length switch
        {
            0 => errors.Empty,
            > MaxReadLength => errors.LongerThanRead(input.Length),
            _ => null,
        };
        if (error is not null) return false;

        var lower = input.ToLowerInvariant();
        if (lower.EndsWith('.'))
        {
            lower = lower[..^1];
        }

        if (TryToAscii(lower)?.ToLowerInvariant() is not { } mapped)
        {
            error = WhyNotAscii(input, lower, errors);
            return false;
        }

        if (IpLiterals.EndsInNumber(mapped))
        {
            error = errors.IpAddress;
            return false;
        }

        if (mapped.Length > MaxDomainLength)
        {
            error = errors.LongerThanDomain(mapped.Length);
            return false;
        }

        foreach (var label in mapped.Split('.'))
        {
            if (LabelProblem(label) is { } problem)
            {
                error = errors.InvalidLabel(input, problem);
                return false;
            }
        }

        ascii = mapped;
        return true;
    }

    /// <summary>
    /// The one label rule, for site domains and URL hosts alike (RFC 1035's letters, digits and hyphens, as a label
    /// is compared once lowercase): 1 to <see cref="MaxLabelLength"/> characters, no hyphen first or last. Null when
    /// the label follows it; otherwise what is wrong, for the message.
    /// </summary>
    internal static string? LabelProblem(ReadOnlySpan<char> label)
    {
        if (label.Length == 0)
        {
            return "it has an empty label (a leading dot, or two dots in a row)";
        }

        if (label.Length > MaxLabelLength)
        {
            return $"the label '{Shorten(label)}' is {label.Length} characters long; a label has at most {MaxLabelLength}";
        }

        foreach (var c in label)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return $"the label '{Shorten(label)}' contains '{c}'; labels use letters, digits and hyphens";
            }
        }

        return label[0] == '-' || label[^1] == '-' ? $"the label '{Shorten(label)}' starts or ends with a hyphen" : null;
    }

    internal static bool ContainsWhitespaceOrControl(string s)
    {
        foreach (var c in s)
        {
            // Format characters (zero-width space, BOM, bidi overrides) are invisible too: a reviewer could not see them.
            if (char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ASCII (punycode) form of a lowercase name under IDNA's rules, or null where IDNA refuses it.</summary>
    internal static string? TryToAscii(string lower)
    {
        // Nearly every host is already plain ASCII letters, digits and hyphens: ICU has nothing to map there,
        // and skipping it is most of the cost of checking a 10,000-URL request.
        if (IsPlainAscii(lower)) return lower;
        try
        {
            // UseStd3AsciiRules refuses '_', '%', spaces and leading/trailing hyphens; ICU also rejects bad punycode.
            var ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(lower);

            // GetAscii accepts "xn--" labels as given; decoding them proves they are real punycode.
            if (ascii.Contains("xn--", StringComparison.Ordinal))
            {
                _ = new IdnMapping { UseStd3AsciiRules = true }.GetUnicode(ascii);
            }

            return ascii;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // Every label follows the label rule and none is an "xn--" (or other "??--") label, which needs IDNA's own checks.
    private static bool IsPlainAscii(string host)
    {
        foreach (var range in host.AsSpan().Split('.'))
        {
            var label = host.AsSpan(range);
            if (LabelProblem(label) is not null || (label.Length >= 4 && label[2] == '-' && label[3] == '-')) return false;
        }
        return true;
    }

    // IDNA refuses a name as a whole; find what the user can fix: the length, or the first label that breaks the rule.
    private static string WhyNotAscii(string input, string lower, HostNameErrors errors)
    {
        int? length = -1;
        string? problem = null;
        foreach (var label in lower.Split('.'))
        {
            var ascii = label.All(char.IsAscii) ? label : TryToAscii(label);
            problem ??= ascii is null ? null : LabelProblem(ascii);
            // The whole name's length is known only when every label has an ASCII form.
            length = ascii is null ? null : length + ascii.Length + 1;
        }

        if (length > MaxDomainLength) return errors.LongerThanDomain(length.Value);
        return problem is null ? errors.Invalid(input) : errors.InvalidLabel(input, problem);
    }

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 20 ? s.ToString() : string.Concat(s[..20], "…");
}
