using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Keys;

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(k => k.Role).NotEmpty().WithMessage("role is required: admin, rights-holder or engine.")
            .Must(role => role is null
                || Roles.All.Contains(role)).WithMessage(k => $"'{k.Role}' is not a role: use admin, rights-holder or engine.");
        RuleFor(k => k.Organisation).NotEmpty().When(k => k.Role == Roles.RightsHolder)
            .WithMessage("A rights-holder key needs the organisation it acts for.");
        RuleFor(k => k.Organisation).Empty().When(k => k.Role != Roles.RightsHolder)
            .WithMessage("Only a rights-holder key is bound to an organisation.");
        RuleFor(k => k.Engine).NotEmpty().When(k => k.Role == Roles.Engine)
            .WithMessage("An engine key needs the engine it reports for.");
        RuleFor(k => k.Engine).Empty().When(k => k.Role != Roles.Engine)
            .WithMessage("Only an engine key is bound to an engine.");
        RuleFor(k => k.Label).MaximumLength(200).WithMessage("label must be at most 200 characters.");
        RuleFor(k => k.Label).PlainText();
    }
}
