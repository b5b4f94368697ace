using FluentValidation;

namespace Delisting.Api.Http;

/// <summary>The rule of a protectedHostOverride wherever one is accepted: the decision's words, 1 to 1,000 characters of plain text.</summary>
public static class OverrideRules
{
    public const int MaxOverride = 1_000;

    public static IRuleBuilderOptions<T, string?> ProtectedHostOverride<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(o => o is null || (o.Trim().Length > 0 && o.Length <= MaxOverride))
            .WithMessage($"protectedHostOverride holds the decision's words, 1 to {MaxOverride:N0} characters; leave it out when the site needs " +
                $"none.")
            .PlainText(multiLine: true);
}
