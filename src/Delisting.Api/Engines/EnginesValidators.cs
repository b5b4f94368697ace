using Delisting.Api.Domain;
using Delisting.Api.Http;
using FluentValidation;
using FluentValidation.Results;

namespace Delisting.Api.Engines;

/// <summary>
/// The rules of a batch of responses. A batch that plainly keeps every rule (<see cref="KeepsEveryRule"/>, one pass in
/// plain code) is not run through the per-response rules, which cost more than applying the batch; any other batch is,
/// so that every failure is reported as those rules word it.
/// </summary>
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

    public override ValidationResult Validate(ValidationContext<ResponsesBatch> context) =>
        KeepsEveryRule(context.InstanceToValidate) ? new ValidationResult() : base.Validate(context);

    public override Task<ValidationResult> ValidateAsync(ValidationContext<ResponsesBatch> context, CancellationToken cancellation = default) =>
        KeepsEveryRule(context.InstanceToValidate) ? Task.FromResult(new ValidationResult()) : base.ValidateAsync(context, cancellation);

    /// <summary>
    /// True only when none of the rules above can fail: it may say false of a valid batch (the rules then decide), never
    /// true of an invalid one. Stricter than the rules where that is simpler (a reason code only with rejected).
    /// </summary>
    public static bool KeepsEveryRule(ResponsesBatch batch)
    {
        if (batch.Responses is not { Count: >= 1 and <= MaxResponses } responses) return false;
        var seen = new HashSet<string>(responses.Count, StringComparer.Ordinal);
        foreach (var response in responses)
        {
            if (response is not { ItemId: { Length: <= 100 } id, Status: { } status } || string.IsNullOrWhiteSpace(id) || !seen.Add(id)) return false;
            if (!ItemStatus.Reportable.Contains(status)) return false;
            var rejected = status == ItemStatus.Rejected;
            if (rejected ? !RejectionCodes.IsKnown(response.ReasonCode) : response.ReasonCode is not null) return false;
            if (rejected && response.ReasonCode == RejectionCodes.Other && string.IsNullOrWhiteSpace(response.Reason)) return false;
            if (response.Reason is { Length: > 1000 } || PlainTextRules.FirstForbidden(response.Reason, multiLine: true) >= 0) return false;
            if (response.EngineReference is { Length: > 200 } || PlainTextRules.FirstForbidden(response.EngineReference) >= 0) return false;
        }
        return true;
    }
}
