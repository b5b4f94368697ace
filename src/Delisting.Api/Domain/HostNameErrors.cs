namespace Delisting.Api.Domain;

/// <summary>
/// The refusals of a host-name check, worded for what was checked: a ruling's site ("the domain") or a URL's host
/// ("the host"). Each message states the limit that was actually applied.
/// </summary>
public sealed class HostNameErrors
{
    public static readonly HostNameErrors Domain = new("domain");
    public static readonly HostNameErrors Host = new("host");

    private readonly string subject;

    private HostNameErrors(string subject) => this.subject = subject;

    public string Empty => $"The {subject} is empty.";

    public string IpAddress => $"The {subject} is an IP address; a ruling lists domain names.";

    public string WhitespaceOrControl => $"The {subject} contains whitespace or control characters.";

    /// <summary>Input refused before any other check: no name that long can be valid, and reading it costs work.</summary>
    public string LongerThanRead(int length) =>
        $"The {subject} is longer than {HostNames.MaxReadLength} characters ({length}); a domain name has at most {HostNames.MaxDomainLength}.";

    /// <summary>The whole name, in its ASCII (punycode) form, which is what the limit applies to.</summary>
    public string LongerThanDomain(int asciiLength) =>
        $"The {subject} is longer than {HostNames.MaxDomainLength} characters ({asciiLength}).";

    public string InvalidLabel(string input, string problem) => $"The {subject} '{input}' is not a valid domain name: {problem}.";

    /// <summary>What IDNA refused without saying which rule: the rules in full.</summary>
    public string Invalid(string input) => InvalidLabel(input,
        $"labels use letters, digits and inner hyphens, 1 to {HostNames.MaxLabelLength} characters, and an 'xn--' label must be valid punycode");
}
