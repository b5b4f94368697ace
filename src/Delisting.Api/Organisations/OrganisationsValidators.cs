using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Organisations;

public sealed class CreateOrganisationValidator : AbstractValidator<CreateOrganisationRequest>
{
    public CreateOrganisationValidator()
    {
        RuleFor(o => o.Id).NotEmpty().WithMessage("id is required.")
            .Matches("^[a-z0-9][a-z0-9-]{1,49}$").WithMessage("id must be 2 to 50 characters of a-z, 0-9 and '-', starting with a letter or digit.");
        RuleFor(o => o.Name).NotEmpty().WithMessage("name is required.")
            .MaximumLength(200).WithMessage("name must be at most 200 characters.");
        RuleFor(o => o.Name).PlainText();
    }
}
