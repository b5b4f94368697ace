using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Webhooks;

public sealed class CreateWebhookRequestValidator : AbstractValidator<CreateWebhookRequest>
{
    public CreateWebhookRequestValidator()
    {
        RuleFor(w => w.Url).NotEmpty().WithMessage("url is required: where to post the deliveries (https).")
            .MaximumLength(2048).WithMessage("url holds at most 2,048 characters.")
            .Must(u => u is null || !u.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            .WithMessage("url must not contain spaces, line breaks or other control characters, at its ends or inside: percent-encode them.");
        RuleFor(w => w.Feed).Must(f => f is not null && WebhookFeeds.All.Contains(f))
            .WithMessage($"feed must be one of {string.Join(", ", WebhookFeeds.All)}.");
        RuleFor(w => w.Description).MaximumLength(1000).WithMessage("description holds at most 1,000 characters.").PlainText(multiLine: true);
    }
}
