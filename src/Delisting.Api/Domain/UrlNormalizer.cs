using System.Globalization;

namespace Delisting.Api.Domain;

/// <summary>
/// Validates and normalizes the URLs of a delisting request. The output is built by hand rather than by
/// <see cref="Uri"/>, which rewrites paths and escaping: the path and query must reach the engines exactly as given.
/// </summary>
public static class UrlNormalizer
{
    public const int MaxLength = 2048;

    private const string NotAbsolute = "The URL is not absolute (it must start with http:// or https://).";

    public static UrlCheck Normalize(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return UrlCheck.Fail("The URL is empty.");
        }

        if (raw.Length > MaxLength)
        {
            return UrlCheck.Fail($"The URL is longer than {MaxLength} characters ({raw.Length}).");
        }

        if (HostNames.ContainsWhitespaceOrControl(raw))
        {
            return UrlCheck.Fail("The URL contains whitespace or control characters.");
        }

        if (HasLoneSurrogate(raw))
        {
            return UrlCheck.Fail("The URL contains an invalid character (a broken Unicode surrogate pair).");
        }

        var colon = raw.IndexOf(':');
        if (colon <= 0 || !IsSchemeSyntax(raw.AsSpan(0, colon)))
        {
            return UrlCheck.Fail(NotAbsolute);
        }

        var scheme = raw[..colon].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            return UrlCheck.Fail($"Only http and https URLs can be delisted; got '{Shorten(scheme)}'.");
        }

        // Browsers read "https:/x.com", "https:x.com" and "https:\\x.com" as https://x.com; we ask for the real thing.
        var afterScheme = raw.AsSpan(colon + 1);
        if (!afterScheme.StartsWith("//"))
        {
            return UrlCheck.Fail(NotAbsolute);
        }

        var authorityStart = colon + 3;
        var authorityEnd = raw.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = raw.Length;
        }

        var authority = raw[authorityStart..authorityEnd];

        // Browsers treat '\' as '/' here, so "https://evil.com\@allostreaming.com" goes to evil.com.
        if (authority.Contains('\\'))
        {
            return UrlCheck.Fail("The URL contains a backslash before its path; write the host and path with '/' only.");
        }

        if (authority.Contains('@'))
        {
            return UrlCheck.Fail("The URL contains user information (user:password@); remove it.");
        }

        if (authority.StartsWith('[') || (authority.Count(c => c == ':') > 1 && IpLiterals.IsIpAddress(authority)))
        {
            return UrlCheck.Fail(HostNameErrors.Host.IpAddress);
        }

        var host = authority;
        string? port = null;
        var portSeparator = authority.IndexOf(':');
        if (portSeparator >= 0)
        {
            host = authority[..portSeparator];
            port = authority[(portSeparator + 1)..];
        }

        if (host.Length == 0 || host == ".")
        {
            return UrlCheck.Fail("The URL has no host; it must name a site, as in https://example.com/page.");
        }

        if (host.Contains('%'))
        {
            return UrlCheck.Fail("The host is percent-encoded; write the domain name itself.");
        }

        if (!HostNames.TryNormalizeHost(host, out var asciiHost, out var hostError))
        {
            return UrlCheck.Fail(hostError);
        }

        var portSuffix = string.Empty;
        if (port is not null)
        {
            if (!TryParsePort(port, out var number))
            {
                return UrlCheck.Fail($"The port must be a number from 1 to 65535; got '{Shorten(port)}'.");
            }

            var isDefault = (scheme == "http" && number == 80) || (scheme == "https" && number == 443);
            portSuffix = isDefault ? string.Empty : ":" + number.ToString(CultureInfo.InvariantCulture);
        }

        var fragment = raw.IndexOf('#', authorityEnd);
        var pathAndQuery = PercentEncodeNonAscii(fragment < 0 ? raw[authorityEnd..] : raw[authorityEnd..fragment]);

        var url = string.Concat(scheme, "://", asciiHost, portSuffix, pathAndQuery);
        if (url.Length > MaxLength)
        {
            // Punycode can lengthen a host that was short in Unicode.
            return UrlCheck.Fail($"The URL is longer than {MaxLength} characters once normalized ({url.Length}).");
        }

        // A URL already in normal form keeps the caller's string, so a 10,000-URL request holds its URLs once, not twice.
        return new UrlCheck(string.Equals(url, raw, StringComparison.Ordinal) ? raw : url, asciiHost, null);
    }

    // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). A '.' is allowed by the RFC but in practice means a
    // scheme-less "example.com:8080/x", which is better reported as "not absolute".
    private static bool IsSchemeSyntax(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParsePort(string port, out int number)
    {
        number = 0;
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit))
        {
            return false;
        }

        number = int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture);
        return number is >= 1 and <= 65535;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Non-ASCII characters of the path and query as UTF-8 percent-escapes (what a browser sends), so the stored URL is
    /// the one an engine fetches; ASCII, including escapes already present, is kept as given.
    /// </summary>
    private static string PercentEncodeNonAscii(string pathAndQuery)
    {
        if (System.Text.Ascii.IsValid(pathAndQuery))
        {
            return pathAndQuery;
        }

        var encoded = new System.Text.StringBuilder(pathAndQuery.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in pathAndQuery.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
