using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Mirrors;
using Delisting.Api.Rulings;

namespace Delisting.Api.Extensions;

/// <summary>The rules of an extension that depend on the ruling it extends and on its mirror reports (contract v1.1).</summary>
public static class ExtensionRules
{
    /// <summary>
    /// The new sites with their window, or the refusals keyed by JSON path added to <paramref name="errors"/> (which holds the
    /// validator's findings: a field found wrong there is not read again).
    /// </summary>
    public static List<SiteWindow> Check(Ruling ruling, ExtensionBody body, string extensionId,
        IReadOnlyDictionary<string, MirrorReportContract> reports, ProtectedHostIndex protectedHosts, DateOnly today,
        Dictionary<string, string[]> errors)
    {
        var datesValid = !new[] { "decidedOn", "servedOn", "inForceUntil" }.Any(path => ValidationFindings.Failed(errors, path));
        var arcom = body.Basis == ExtensionBasis.ArcomRequest;
        if (arcom && today > ruling.InForceUntil)
        {
            errors["basis"] = [$"Ruling '{ruling.Id}' ended on {ruling.InForceUntil:yyyy-MM-dd}: an ARCOM request extends only an order in force; " +
                $"a new court decision can."];
        }
        var opens = datesValid ? body.ServedOn ?? body.DecidedOn!.Value : today;
        var until = body.InForceUntil ?? ruling.InForceUntil;
        if (datesValid && arcom && until > ruling.InForceUntil)
        {
            errors["inForceUntil"] = [$"An ARCOM request lasts at most the remaining duration of the ruling: until " +
                $"{ruling.InForceUntil:yyyy-MM-dd}."];
        }
        else if (datesValid && until < opens)
        {
            errors["inForceUntil"] = [$"The new sites' window would end ({until:yyyy-MM-dd}) before it opens ({opens:yyyy-MM-dd})."];
        }

        var (complianceDays, responseTime) = Clock(ruling, body);
        var index = ruling.SiteIndex();
        var sites = new List<SiteWindow>();
        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        var sitesListed = body.Sites is not null && !errors.ContainsKey("sites");
        for (var i = 0; sitesListed && i < body.Sites!.Count; i++)
        {
            var input = body.Sites[i]!;
            var domainValid = !ValidationFindings.Failed(errors, $"sites[{i}].domain");
            var domain = "";
            if (domainValid) HostNames.TryNormalizeDomain(input.Domain, out domain, out _);
            if (domainValid && listed.TryGetValue(domain, out var first))
            {
                errors[$"sites[{i}].domain"] = [$"'{domain}' is listed twice (also sites[{first}])."];
            }
            else if (domainValid && index.CoveringNotEnded(domain, today) is { } covering)
            {
                errors[$"sites[{i}].domain"] = [$"'{domain}' is already covered by site '{covering.Domain}' of ruling '{ruling.Id}', in force " +
                    $"until {covering.InForceUntil:yyyy-MM-dd}."];
            }
            if (domainValid) listed.TryAdd(domain, i);
            var overriding = string.IsNullOrWhiteSpace(input.ProtectedHostOverride) ? null : input.ProtectedHostOverride.Trim();
            if (overriding is not null && arcom)
            {
                errors[$"sites[{i}].protectedHostOverride"] = ["Only a court decision can override a protected host; an ARCOM request cannot."];
            }
            else if (overriding is null && domainValid && protectedHosts.DomainRefusal(domain,
                ProtectedHostIndex.OverrideAdvice + " (court decisions only)") is { } refusal)
            {
                errors.TryAdd($"sites[{i}].domain", [refusal]);
            }

            string? mirrorOf = null;
            if (ValidationFindings.Failed(errors, $"sites[{i}].mirrorOf")) mirrorOf = null;
            else if (input.MirrorOf is null)
            {
                if (arcom) errors[$"sites[{i}].mirrorOf"] = ["An ARCOM request covers mirrors only: name the site of the ruling this one " +
                    "reproduces."];
            }
            else if (!HostNames.TryNormalizeDomain(input.MirrorOf, out var original, out _) || !index.HasDomain(original))
            {
                errors[$"sites[{i}].mirrorOf"] = [$"'{input.MirrorOf}' is not a site of ruling '{ruling.Id}'."];
            }
            else mirrorOf = original;

            sites.Add(new SiteWindow(domain, string.IsNullOrWhiteSpace(input.Network) ? null : input.Network.Trim(), mirrorOf, extensionId,
                opens, until, body.ServedOn, complianceDays, responseTime, overriding));
        }

        var included = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; !errors.ContainsKey("mirrorReports") && i < (body.MirrorReports?.Count ?? 0); i++)
        {
            var id = body.MirrorReports![i];
            var problem = id is null || !reports.TryGetValue(id, out var report) ? $"No mirror report '{id}' under ruling '{ruling.Id}'."
                : report.Status != MirrorReportStatus.Reported ? $"Mirror report '{id}' is already {report.Status}."
                : !listed.ContainsKey(report.Domain) ? $"Mirror report '{id}' is about '{report.Domain}', which this extension does not add."
                : !included.Add(id) ? $"Mirror report '{id}' is listed twice."
                : null;
            if (problem is not null) errors[$"mirrorReports[{i}]"] = [problem];
        }
        return sites;
    }

    /// <summary>The new sites' clock: the extension's own complianceDays or responseTime, else the ruling's.</summary>
    private static (int? ComplianceDays, TimeSpan? ResponseTime) Clock(Ruling ruling, ExtensionBody body)
    {
        if (body.ResponseTime is not null && ResponseTimes.TryParse(body.ResponseTime, out var responseTime, out _)) return (null, responseTime);
        if (body.ComplianceDays is { } days) return (days, null);
        return (ruling.ComplianceDays, ruling.ResponseTime);
    }
}
