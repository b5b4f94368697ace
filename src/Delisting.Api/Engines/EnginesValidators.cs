using Delisting.Api.Domain;
using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Engines;

public sealed class ResponsesBatchValidator : AbstractValidator<ResponsesBatch>
{
    public const int MaxResponses = 1000;
    private static readonly string[] Reportable = [ItemStatus.Acknowledged, ItemStatus.Delisted, ItemStatus.Rejected];

    public ResponsesBatchValidator()
    {
        RuleFor(b => b.Responses).NotNull().WithMessage("responses is required: 1 to 1,000 responses.");
        RuleFor(b => b.Responses!.Count).InclusiveBetween(1, MaxResponses).When(b => b.Responses is not null)
            .OverridePropertyName("Responses")
            .WithMessage(b => $"A batch carries 1 to {MaxResponses:N0} responses; this one has {b.Responses!.Count:N0}.");
        RuleForEach(b => b.Responses).NotNull().WithMessage("A response cannot be null.");
        RuleForEach(b => b.Responses).ChildRules(response =>
        {
            response.RuleFor(r => r!.ItemId).NotEmpty().WithMessage("itemId is required.").MaximumLength(100);
            response.RuleFor(r => r!.Status).NotEmpty().WithMessage("status is required: acknowledged, delisted or rejected.")
                .Must(s => s is null || Reportable.Contains(s))
                .WithMessage(r => r!.Status == ItemStatus.Pending
                    ? "pending is not a status an engine reports: use acknowledged, delisted or rejected."
                    : $"'{r!.Status}' is not a status: use acknowledged, delisted or rejected.");
            response.RuleFor(r => r!.Reason).NotEmpty().When(r => r!.Status == ItemStatus.Rejected)
                .WithMessage("reason is required when an item is rejected: say why, for the rights holder.");
            response.RuleFor(r => r!.Reason).MaximumLength(1000).WithMessage("reason must be at most 1,000 characters.");
            response.RuleFor(r => r!.Reason).PlainText(multiLine: true);
            response.RuleFor(r => r!.EngineReference).MaximumLength(200).WithMessage("engineReference must be at most 200 characters.");
            response.RuleFor(r => r!.EngineReference).PlainText();
        }).When(b => b.Responses is not null);
        RuleFor(b => b.Responses).Custom((responses, context) =>
        {
            if (responses is null) return;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < responses.Count; i++)
            {
                if (responses[i]?.ItemId is not { Length: > 0 } id) continue;
                if (seen.TryGetValue(id, out var first)) context.AddFailure($"Responses[{i}].ItemId", $"Item '{id}' is already reported in responses[{first}].");
                else seen[id] = i;
            }
        });
    }
}
