using Delisting.Api.Domain;
using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Engines;

public sealed class ResponsesBatchValidator : AbstractValidator<ResponsesBatch>
{
    public const int MaxResponses = 1000;
    private static readonly string ReportableList = string.Join(", ", ItemStatus.Reportable);
    private static readonly string CodeList = string.Join(", ", RejectionCodes.All);

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
            response.RuleFor(r => r!.Status).NotEmpty().WithMessage($"status is required: {ReportableList}.")
                .Must(s => s is null || ItemStatus.Reportable.Contains(s))
                .WithMessage(r => ItemStatus.IsKnown(r!.Status)
                    ? $"{r!.Status} is not a status an engine reports: use {ReportableList}."
                    : $"'{r!.Status}' is not a status: use {ReportableList}.");
            response.RuleFor(r => r!.ReasonCode).NotEmpty().When(r => r!.Status == ItemStatus.Rejected)
                .WithMessage($"reasonCode is required when an item is rejected: one of {CodeList}.");
            response.RuleFor(r => r!.ReasonCode).Must(RejectionCodes.IsKnown).When(r => !string.IsNullOrEmpty(r!.ReasonCode))
                .WithMessage(r => $"'{r!.ReasonCode}' is not a rejection code: use one of {CodeList}.");
            response.RuleFor(r => r!.ReasonCode).Empty().When(r => r!.Status != ItemStatus.Rejected && !string.IsNullOrEmpty(r!.Status))
                .WithMessage("reasonCode goes with rejected only: leave it out for other statuses.");
            response.RuleFor(r => r!.Reason).NotEmpty().When(r => r!.Status == ItemStatus.Rejected && r.ReasonCode == RejectionCodes.Other)
                .WithMessage("reason is required with the reason code other: say why, for the rights holder.");
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
                if (seen.TryGetValue(id, out var first)) context.AddFailure($"Responses[{i}].ItemId",
                    $"Item '{id}' is already reported in responses[{first}].");
                else seen[id] = i;
            }
        });
    }
}
