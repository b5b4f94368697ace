using Delisting.Api.Http;
using Delisting.Api.Domain;
using Delisting.Api.Rulings;
using FluentValidation;

namespace Delisting.Api.Extensions;

/// <summary>The rules an extension obeys on its own; those that depend on the ruling are checked by <see cref="ExtensionRules"/>.</summary>
public sealed class ExtensionBodyValidator : AbstractValidator<ExtensionBody>
{
    public const int MaxSites = 1_000;

    public ExtensionBodyValidator()
    {
        RuleFor(e => e.Basis).Must(b => b is not null && ExtensionBasis.All.Contains(b))
            .WithMessage($"basis must be one of {string.Join(", ", ExtensionBasis.All)}.");
        RuleFor(e => e.Reference).NotEmpty().WithMessage("reference is required (the decision's or request's reference).")
            .MaximumLength(200).WithMessage("reference holds at most 200 characters.").PlainText();
        RuleFor(e => e.DecidedOn).NotNull().WithMessage("decidedOn is required (YYYY-MM-DD).");
        RuleFor(e => e.DecidedOn).PlausibleDate();
        RuleFor(e => e.ServedOn).PlausibleDate();
        RuleFor(e => e.InForceUntil).PlausibleDate();
        RuleFor(e => e.ServedOn).GreaterThanOrEqualTo(e => e.DecidedOn).When(e => e.ServedOn is not null && e.DecidedOn is not null)
            .WithMessage("servedOn cannot be before decidedOn.");
        RuleFor(e => e.ComplianceDays).InclusiveBetween(1, 365).When(e => e.ComplianceDays is not null)
            .WithMessage("complianceDays must be between 1 and 365.");
        RuleFor(e => e.ResponseTime).ResponseTime(e => e.ComplianceDays is not null);
        RuleFor(e => e.InForceUntil).NotNull().When(e => e.Basis == ExtensionBasis.CourtDecision)
            .WithMessage("inForceUntil is required for a court decision (YYYY-MM-DD).");
        RuleFor(e => e.InForceUntil).Must((e, until) => until >= (e.ServedOn ?? e.DecidedOn))
            .When(e => e.InForceUntil is not null && e.DecidedOn is not null)
            .WithMessage("inForceUntil cannot be before the new sites' window opens (servedOn, or decidedOn when not served).");
        RuleFor(e => e.Sites).NotEmpty().WithMessage("At least one site is required.")
            .Must(s => s!.Count <= MaxSites).When(e => e.Sites is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"At most {MaxSites} sites per extension.");
        RuleForEach(e => e.Sites).ChildRules(site =>
        {
            site.RuleFor(s => s!.Domain).Custom((domain, context) =>
            {
                if (!HostNames.TryNormalizeDomain(domain, out _, out var error)) context.AddFailure(error ?? "Invalid domain.");
            });
            site.RuleFor(s => s!.Network).MaximumLength(100).PlainText();
            site.RuleFor(s => s!.MirrorOf).Must(m => m is null || m.Trim().Length > 0)
                .WithMessage("mirrorOf cannot be empty; leave it out when the site reproduces no listed site.");
            site.RuleFor(s => s!.ProtectedHostOverride).ProtectedHostOverride();
        }).When(e => e.Sites is not null && e.Sites.All(s => s is not null));
        RuleFor(e => e.Sites).Must(s => s!.All(site => site is not null)).When(e => e.Sites is not null).WithMessage("A site cannot be null.");
        RuleFor(e => e.MirrorReports).Must(r => r!.Count <= MaxSites).When(e => e.MirrorReports is not null)
            .WithMessage($"At most {MaxSites} mirror reports per extension.");
    }
}
