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
