using System.Globalization;
using System.Text;

namespace Delisting.Api.Domain;

/// <summary>
/// The Public Suffix List (ICANN and private sections), read once from the embedded resource
/// <c>public_suffix_list.dat</c>. Used to refuse "co.uk" or "github.io" as a site: listing one would cover
/// every unrelated registrant under it.
/// </summary>
public static class PublicSuffixList
{
    public const string ResourceName = "public_suffix_list.dat";

    private static readonly Lazy<Rules> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsPublicSuffix(string domain)
    {
        if (string.IsNullOrEmpty(domain) || domain[0] == '.' || domain[^1] == '.')
        {
            return false;
        }

        var rules = Loaded.Value;

        // An exception rule ("!www.ck") matching the domain or any of its parents makes the public suffix shorter
        // than the domain, so the domain cannot be one.
        for (var suffix = domain; suffix is not null; suffix = Parent(suffix))
        {
            if (rules.Exceptions.Contains(suffix))
            {
                return false;
            }
        }

        var parent = Parent(domain);
        return rules.Plain.Contains(domain)
               || (parent is not null && rules.Wildcards.Contains(parent))
               || parent is null; // the implicit "*" rule: every single label is a public suffix
    }

    internal static int RuleCount => Loaded.Value.Plain.Count + Loaded.Value.Wildcards.Count + Loaded.Value.Exceptions.Count;

    private static string? Parent(string domain)
    {
        var dot = domain.IndexOf('.');
        return dot < 0 ? null : domain[(dot + 1)..];
    }

    private static Rules Load()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from the API assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    internal static Rules Parse(TextReader reader)
    {
        var rules = new Rules();
        var idn = new IdnMapping();
        while (reader.ReadLine() is { } line)
        {
            // A rule is the first whitespace-delimited token of a line; "//" starts a comment line.
            var span = line.AsSpan().Trim();
            if (span.IsEmpty || span.StartsWith("//"))
            {
                continue;
            }

            var end = span.IndexOfAny(' ', '\t');
            var rule = (end < 0 ? span : span[..end]).ToString();

            var target = rules.Plain;
            if (rule.StartsWith('!'))
            {
                target = rules.Exceptions;
                rule = rule[1..];
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                target = rules.Wildcards;
                rule = rule[2..];
            }

            if (ToAscii(rule, idn) is { } ascii)
            {
                target.Add(ascii);
            }
        }

        return rules;
    }

    private static string? ToAscii(string rule, IdnMapping idn)
    {
        if (rule.Length == 0)
        {
            return null;
        }

        var lower = rule.ToLowerInvariant();
        if (Ascii.IsValid(lower))
        {
            return lower;
        }

        try
        {
            return idn.GetAscii(lower);
        }
        catch (ArgumentException)
        {
            return null; // a rule we cannot express in ASCII can never match a normalized domain
        }
    }

    internal sealed class Rules
    {
        public HashSet<string> Plain { get; } = new(StringComparer.Ordinal);

        // Stored without the leading "*.": "*.ck" is kept as "ck".
        public HashSet<string> Wildcards { get; } = new(StringComparer.Ordinal);

        // Stored without the leading "!": "!www.ck" is kept as "www.ck".
        public HashSet<string> Exceptions { get; } = new(StringComparer.Ordinal);
    }
}
