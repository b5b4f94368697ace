using Delisting.Api.Http;
using Delisting.Api.Domain;
using FluentValidation;

namespace Delisting.Api.Mirrors;

public sealed class MirrorReportBodyValidator : AbstractValidator<MirrorReportBody>
{
    public const int MaxEvidence = 20;

    public MirrorReportBodyValidator()
    {
        RuleFor(r => r.Domain).Custom((domain, context) =>
        {
            if (!HostNames.TryNormalizeDomain(domain, out _, out var error)) context.AddFailure(error ?? "Invalid domain.");
        });
        RuleFor(r => r.MirrorOf).NotEmpty().WithMessage("mirrorOf is required: the site of the ruling that the domain reproduces.");
        RuleFor(r => r.Evidence).NotEmpty().WithMessage($"evidence needs 1 to {MaxEvidence} URLs on the reported domain.")
            .Must(e => e!.Count <= MaxEvidence).When(r => r.Evidence is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"evidence holds at most {MaxEvidence} URLs.");
        RuleForEach(r => r.Evidence).Custom((url, context) =>
        {
            var check = UrlNormalizer.Normalize(url);
            if (!check.IsValid) context.AddFailure(check.Error!);
        });
        RuleFor(r => r.Captures).Must(c => c!.Count <= Evidence.CaptureInputValidator.MaxCaptures).When(r => r.Captures is not null)
            .WithMessage($"captures holds at most {Evidence.CaptureInputValidator.MaxCaptures}.");
        RuleForEach(r => r.Captures).NotNull().WithMessage("A capture cannot be null.").SetValidator(new Evidence.CaptureInputValidator()!);
        RuleFor(r => r.ProtectedHostOverride).Null()
            .WithMessage("A mirror report cannot override a protected host: only a court decision can (POST /v1/rulings, court-decision " +
                "extensions).");
        RuleFor(r => r.Note).MaximumLength(1000).WithMessage("note holds at most 1,000 characters.").PlainText(multiLine: true);
    }
}

public sealed class DismissalBodyValidator : AbstractValidator<DismissalBody>
{
    public DismissalBodyValidator()
    {
        RuleFor(d => d.Reason).NotEmpty().WithMessage("reason is required: say why the report is dismissed.")
            .MaximumLength(1000).WithMessage("reason holds at most 1,000 characters.").PlainText(multiLine: true);
    }
}
