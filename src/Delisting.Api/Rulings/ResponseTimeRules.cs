using Delisting.Api.Domain;
using FluentValidation;

namespace Delisting.Api.Rulings;

/// <summary>The `responseTime` of rulings and extensions (contract v1.2): a valid duration, and not beside complianceDays.</summary>
public static class ResponseTimeRules
{
    public static void ResponseTime<T>(this IRuleBuilder<T, string?> rule, Func<T, bool> hasComplianceDays) =>
        rule.Custom((text, context) =>
        {
            if (text is null) return;
            if (hasComplianceDays(context.InstanceToValidate))
            {
                context.AddFailure("Give either complianceDays (whole days) or responseTime (an urgent order's exact duration), not both.");
            }
            else if (!ResponseTimes.TryParse(text, out _, out var error))
            {
                context.AddFailure(error!);
            }
        });
}
