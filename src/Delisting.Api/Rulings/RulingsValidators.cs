using Delisting.Api.Domain;
using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Rulings;

public sealed class CreateRulingValidator : AbstractValidator<CreateRulingRequest>
{
    public const string SlugPattern = "^[a-z0-9-]{3,100}$";
    public const int MaxSites = 10_000;

    public CreateRulingValidator()
    {
        RuleFor(r => r.Id).NotEmpty().WithMessage("id is required.")
            .Matches(SlugPattern).WithMessage("id must be 3 to 100 characters of a-z, 0-9 and '-'.");
        RuleFor(r => r.Court).NotEmpty().WithMessage("court is required.").MaximumLength(200);
        RuleFor(r => r.CaseReference).NotEmpty().WithMessage("caseReference is required.").MaximumLength(100);
        RuleFor(r => r.Note).MaximumLength(2000);
        RuleFor(r => r.Court).PlainText();
        RuleFor(r => r.CaseReference).PlainText();
        RuleFor(r => r.Note).PlainText(multiLine: true);
        RuleFor(r => r.DecidedOn).NotNull().WithMessage("decidedOn is required (YYYY-MM-DD).");
        RuleFor(r => r.DecidedOn).PlausibleDate();
        RuleFor(r => r.ServedOn).PlausibleDate();
        RuleFor(r => r.InForceUntil).PlausibleDate();
        RuleFor(r => r.ServedOn)
            .GreaterThanOrEqualTo(r => r.DecidedOn).When(r => r.ServedOn is not null && r.DecidedOn is not null)
            .WithMessage("servedOn cannot be before decidedOn: a judgment is served after it is decided.");
        RuleFor(r => r.InForceUntil).NotNull().WithMessage("inForceUntil is required (YYYY-MM-DD).");
        RuleFor(r => r.InForceUntil)
            .Must((r, until) => until >= (r.ServedOn ?? r.DecidedOn))
            .When(r => r.InForceUntil is not null && r.DecidedOn is not null)
            .WithMessage("inForceUntil cannot be before the ruling takes effect (servedOn, or decidedOn when not served).");
        RuleFor(r => r.ComplianceDays).NotNull().When(r => r.ResponseTime is null)
            .WithMessage("complianceDays is required (1 to 365), or responseTime for an urgent order (an ISO 8601 duration, PT5M to P30D).")
            .InclusiveBetween(1, 365).WithMessage("complianceDays must be between 1 and 365.");
        RuleFor(r => r.ResponseTime).ResponseTime(r => r.ComplianceDays is not null);
        RuleFor(r => r.TimeZone)
            .Must(zone => zone is null || RulingCalendar.TryFindZone(zone, out _))
            .WithMessage(r => $"'{r.TimeZone}' is not an IANA time zone (for example Europe/Paris).");
        RuleFor(r => r.Plaintiffs).NotEmpty().WithMessage("At least one plaintiff organisation is required.");
        RuleFor(r => r.Plaintiffs).Must(p => p!.Distinct().Count() == p!.Count).When(r => r.Plaintiffs is not null)
            .WithMessage("plaintiffs lists an organisation twice.");
        RuleForEach(r => r.Plaintiffs).NotEmpty().WithMessage("A plaintiff id cannot be empty.");
        RuleFor(r => r.Engines).NotEmpty().WithMessage("At least one search engine is required.");
        RuleFor(r => r.Engines).Must(e => e!.Distinct().Count() == e!.Count).When(r => r.Engines is not null)
            .WithMessage("engines lists an engine twice.");
        RuleForEach(r => r.Engines).NotEmpty().WithMessage("An engine id cannot be empty.");
        // The null guard must cover Must only: a When on the chain would also switch NotEmpty off for a missing list.
        RuleFor(r => r.Sites).NotEmpty().WithMessage("At least one site (domain) is required.")
            .Must(s => s!.Count <= MaxSites).When(r => r.Sites is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"At most {MaxSites} sites per ruling.");
        RuleForEach(r => r.Sites).ChildRules(site =>
        {
            site.RuleFor(s => s.Domain).Custom((domain, context) =>
            {
                if (!HostNames.TryNormalizeDomain(domain, out _, out var error)) context.AddFailure(error ?? "Invalid domain.");
            });
            site.RuleFor(s => s.Network).MaximumLength(100);
            site.RuleFor(s => s.Network).PlainText();
            site.RuleFor(s => s.ProtectedHostOverride).ProtectedHostOverride();
        });
        RuleFor(r => r.Sites).Custom((sites, context) =>
        {
            if (sites is null) return;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < sites.Count; i++)
            {
                if (sites[i] is null)
                {
                    context.AddFailure($"Sites[{i}]", "A site cannot be null.");
                    continue;
                }
                if (!HostNames.TryNormalizeDomain(sites[i].Domain, out var domain, out _)) continue;
                if (seen.TryGetValue(domain, out var first))
                {
                    context.AddFailure($"Sites[{i}].Domain", $"'{domain}' is listed twice (also sites[{first}]).");
                }
                else seen[domain] = i;
            }
        });
    }
}
