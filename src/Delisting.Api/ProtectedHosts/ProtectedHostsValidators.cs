using Delisting.Api.Domain;
using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.ProtectedHosts;

public sealed class ProtectedHostBodyValidator : AbstractValidator<ProtectedHostBody>
{
    public const int MaxReason = 1_000;

    public ProtectedHostBodyValidator()
    {
        RuleFor(b => b.Host).Custom((host, context) =>
        {
            if (!HostNames.TryNormalizeDomain(host, allowPublicSuffix: true, out _, out var error)) context.AddFailure(error ?? "Invalid host.");
        });
        RuleFor(b => b.Reason).NotEmpty().WithMessage("reason is required: say why the host is protected (readers see it in refusals).")
            .MaximumLength(MaxReason).WithMessage($"reason holds at most {MaxReason:N0} characters.")
            .PlainText(multiLine: true);
    }
}

/// <summary>The rule of a protectedHostOverride wherever one is accepted: the decision's words, 1 to 1,000 characters of plain text.</summary>
public static class OverrideRules
{
    public const int MaxOverride = 1_000;

    public static IRuleBuilderOptions<T, string?> ProtectedHostOverride<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(o => o is null || (o.Trim().Length > 0 && o.Length <= MaxOverride))
            .WithMessage($"protectedHostOverride holds the decision's words, 1 to {MaxOverride:N0} characters; leave it out when the site needs none.")
            .PlainText(multiLine: true);
}
