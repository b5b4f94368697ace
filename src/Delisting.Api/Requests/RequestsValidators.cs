using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Requests;

public sealed class SubmitRequestBodyValidator : AbstractValidator<SubmitRequestBody>
{
    public const int MaxUrls = 10_000;
    public const int MaxClientReference = 200;

    public SubmitRequestBodyValidator()
    {
        RuleFor(r => r.RulingId).NotEmpty().WithMessage("rulingId is required: the id of the ruling that orders the delisting.");
        RuleFor(r => r.ClientReference).MaximumLength(MaxClientReference)
            .WithMessage($"clientReference must be at most {MaxClientReference} characters.");
        RuleFor(r => r.ClientReference).PlainText();
        RuleFor(r => r.Urls).NotNull().WithMessage("urls is required: 1 to 10,000 URLs.");
        RuleFor(r => r.Urls!.Count).InclusiveBetween(1, MaxUrls).When(r => r.Urls is not null)
            .OverridePropertyName("Urls")
            .WithMessage(r => $"A request carries 1 to {MaxUrls:N0} URLs; this one has {r.Urls!.Count:N0}.");
        RuleFor(r => r.Captures).Must(c => c!.Count <= Evidence.CaptureInputValidator.MaxCaptures).When(r => r.Captures is not null)
            .WithMessage($"captures holds at most {Evidence.CaptureInputValidator.MaxCaptures}.");
        RuleForEach(r => r.Captures).NotNull().WithMessage("A capture cannot be null.").SetValidator(new Evidence.CaptureInputValidator()!);
    }
}
