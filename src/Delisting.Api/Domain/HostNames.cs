using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Delisting.Api.Domain;

/// <summary>Host and domain names as stored and compared: lowercase ASCII (punycode), no trailing dot.</summary>
public static class HostNames
{
    public const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;

    // Longer raw input cannot produce a valid name; refusing it early bounds the work done on hostile input.
    private const int MaxRawLength = 1024;

    public static bool TryNormalizeDomain(string? input, out string domain, out string? error)
    {
        domain = string.Empty;
        var trimmed = input?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "The domain is empty.";
            return false;
        }

        if (trimmed.Length > MaxRawLength)
        {
            error = $"The domain is longer than {MaxDomainLength} characters.";
            return false;
        }

        if (ContainsWhitespaceOrControl(trimmed))
        {
            error = "The domain contains whitespace or control characters.";
            return false;
        }

        if (IsIpAddress(trimmed))
        {
            error = "The domain is an IP address; a ruling lists domain names.";
            return false;
        }

        if (trimmed.Contains("://", StringComparison.Ordinal) || trimmed.IndexOfAny(['/', '\\', '?', '#', '@']) >= 0)
        {
            error = "Give a domain name only (like 'example.com'), without a scheme, user, path, query or fragment.";
            return false;
        }

        if (trimmed.Contains(':'))
        {
            error = "Give a domain name only (like 'example.com'), without a port.";
            return false;
        }

        if (trimmed.Contains('*'))
        {
            error = "Wildcards are not allowed; a site already covers all of its subdomains.";
            return false;
        }

        if (!TryNormalizeHost(trimmed, out var ascii, out var hostError))
        {
            error = hostError.Replace("The host", "The domain", StringComparison.Ordinal);
            return false;
        }

        if (!ascii.Contains('.'))
        {
            error = $"'{ascii}' is a single label; list a registered domain such as 'example.com'.";
            return false;
        }

        if (PublicSuffixList.IsPublicSuffix(ascii))
        {
            error = $"'{ascii}' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.{ascii}').";
            return false;
        }

        domain = ascii;
        error = null;
        return true;
    }

    public static bool IsIpAddress(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var h = host.Trim();
        if (h.Length >= 2 && h[0] == '[' && h[^1] == ']')
        {
            return IsIPv6(h[1..^1]);
        }

        if (h.Contains(':'))
        {
            return IsIPv6(h);
        }

        // Browsers map full-width digits and dots before parsing IPv4, so look at the ASCII form when there is one.
        return EndsInNumber(TryToAscii(h.ToLowerInvariant()) ?? h.ToLowerInvariant());
    }

    /// <summary>
    /// Normalizes a host taken from a URL or a site list: lowercase, one trailing dot removed, IDN to punycode,
    /// every label LDH and 1..63 characters, at most 253 characters, and not an IP address.
    /// </summary>
    internal static bool TryNormalizeHost(string host, out string ascii, out string error)
    {
        ascii = string.Empty;
        error = string.Empty;
        if (host.Length == 0)
        {
            error = "The host is empty.";
            return false;
        }

        if (host.Length > MaxRawLength)
        {
            error = $"The host is longer than {MaxDomainLength} characters.";
            return false;
        }

        var lower = host.ToLowerInvariant();
        if (lower.EndsWith('.'))
        {
            lower = lower[..^1];
        }

        var mapped = TryToAscii(lower);
        if (mapped is null && AsciiLengthByLabel(lower) is > MaxDomainLength and var length)
        {
            // ICU refuses over-long names as a whole; say what is actually wrong.
            error = $"The host is longer than {MaxDomainLength} characters ({length}).";
            return false;
        }

        if (mapped is null)
        {
            error = $"The host '{host}' is not a valid domain name (labels use letters, digits and inner hyphens, 1 to 63 characters).";
            return false;
        }

        mapped = mapped.ToLowerInvariant();
        if (EndsInNumber(mapped))
        {
            error = "The host is an IP address; a ruling lists domain names.";
            return false;
        }

        if (mapped.Length > MaxDomainLength)
        {
            error = $"The host is longer than {MaxDomainLength} characters ({mapped.Length}).";
            return false;
        }

        foreach (var label in mapped.Split('.'))
        {
            if (!IsLdhLabel(label))
            {
                error = $"The host '{host}' is not a valid domain name (labels use letters, digits and inner hyphens, 1 to 63 characters).";
                return false;
            }
        }

        ascii = mapped;
        return true;
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

    private static string? TryToAscii(string lower)
    {
        // Nearly every host is already plain ASCII letters, digits and hyphens: ICU has nothing to map there,
        // and skipping it is most of the cost of checking a 10,000-URL request.
        if (IsPlainAsciiHost(lower)) return lower;
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

    private static bool IsPlainAsciiHost(string host)
    {
        var labelStart = 0;
        for (var i = 0; i <= host.Length; i++)
        {
            if (i < host.Length && host[i] != '.')
            {
                var c = host[i];
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')) return false;
                continue;
            }
            var length = i - labelStart;
            if (length is 0 or > 63 || host[labelStart] == '-' || host[i - 1] == '-') return false;
            // "xn--" and other "??--" labels need IDNA's own checks.
            if (length >= 4 && host[labelStart + 2] == '-' && host[labelStart + 3] == '-') return false;
            labelStart = i + 1;
        }
        return true;
    }

    // Length of the ASCII form computed label by label, or null when a label itself is invalid.
    private static int? AsciiLengthByLabel(string lower)
    {
        var length = -1;
        foreach (var label in lower.Split('.'))
        {
            if (TryToAscii(label) is not { } ascii)
            {
                return null;
            }

            length += ascii.Length + 1;
        }

        return length;
    }

    private static bool IsLdhLabel(string label)
    {
        if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPv6(string s) =>
        IPAddress.TryParse(s, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    // The WHATWG URL standard's "ends in a number" test: such a host is parsed as IPv4 (127.0.0.1, 0x7f.1,
    // 2130706433, 1.2.3) or refused, so it is never a domain name.
    private static bool EndsInNumber(string host)
    {
        var h = host.EndsWith('.') && host.Length > 1 ? host[..^1] : host;
        var last = h[(h.LastIndexOf('.') + 1)..];
        if (last.Length == 0)
        {
            return false;
        }

        if (last.All(char.IsAsciiDigit))
        {
            return true;
        }

        return last.Length >= 2 && last[0] == '0' && last[1] is ('x' or 'X') && last[2..].All(char.IsAsciiHexDigit);
    }
}
