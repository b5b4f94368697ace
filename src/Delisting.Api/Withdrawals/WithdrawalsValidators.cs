using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Withdrawals;

public sealed class WithdrawalBodyValidator : AbstractValidator<WithdrawalBody>
{
    public const int MaxUrls = 10_000;
    public const int MaxReason = 1_000;

    public WithdrawalBodyValidator()
    {
        RuleFor(w => w.Urls).NotNull().WithMessage($"urls is required: 1 to {MaxUrls:N0} URLs to withdraw.");
        RuleFor(w => w.Urls!.Count).InclusiveBetween(1, MaxUrls).When(w => w.Urls is not null)
            .OverridePropertyName("Urls")
            .WithMessage(w => $"A withdrawal carries 1 to {MaxUrls:N0} URLs; this one has {w.Urls!.Count:N0}.");
        RuleFor(w => w.Reason).NotEmpty().WithMessage("reason is required: say why the URLs are withdrawn (it is kept in the audit trail).")
            .MaximumLength(MaxReason).WithMessage($"reason must be at most {MaxReason:N0} characters.")
            .PlainText(multiLine: true);
    }
}
