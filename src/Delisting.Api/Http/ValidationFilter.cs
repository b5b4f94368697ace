using System.Text;
using FluentValidation;

namespace Delisting.Api.Http;

/// <summary>
/// Runs the FluentValidation validator of every argument that has one; failures become a 422 problem. On an endpoint
/// marked <see cref="ValidationFilterExtensions.WithValidation{TBuilder}(TBuilder, bool)"/> with a second stage, the
/// failures go to the handler instead (<see cref="ValidationFindings"/>), which adds what it can still check against the
/// stored state (the ruling, the request, the items) and answers every offending field in one 422.
/// </summary>
public sealed class ValidationFilter(IServiceProvider services) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var argument in context.Arguments)
        {
            if (argument is null) continue;
            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (services.GetService(validatorType) is not IValidator validator) continue;

            var result = await validator.ValidateAsync(new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
            foreach (var group in result.Errors.GroupBy(e => JsonPath(e.PropertyName)))
            {
                errors[group.Key] = group.Select(e => e.ErrorMessage).Distinct().ToArray();
            }
        }
        if (errors.Count == 0) return await next(context);
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<SecondStage>() is null) return Problems.Validation(errors);
        context.HttpContext.Features.Set(new ValidationFindings(errors));
        return await next(context);
    }

    /// <summary>`Responses[0].ItemId` → `responses[0].itemId`: the path as the client wrote it in JSON.</summary>
    public static string JsonPath(string propertyName)
    {
        var builder = new StringBuilder(propertyName.Length);
        var startOfSegment = true;
        foreach (var c in propertyName)
        {
            builder.Append(startOfSegment ? char.ToLowerInvariant(c) : c);
            startOfSegment = c == '.';
        }
        return builder.ToString();
    }
}

/// <summary>Endpoint metadata: the handler checks the body against stored state and reports the validator's findings with its own.</summary>
public sealed class SecondStage;

/// <summary>
/// What the validator found wrong with a body whose handler has a second stage, keyed by JSON path. The handler starts
/// its own error list from <see cref="Of"/>, checks only the fields not already found wrong (<see cref="Failed"/>), and
/// answers 422 with all of them before it changes anything.
/// </summary>
public sealed class ValidationFindings(IReadOnlyDictionary<string, string[]> errors)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>A new error list holding the validator's findings for this request (empty when the body passed).</summary>
    public static Dictionary<string, string[]> Of(HttpContext http) =>
        new(http.Features.Get<ValidationFindings>()?.Errors ?? new Dictionary<string, string[]>(), StringComparer.Ordinal);

    /// <summary>
    /// Whether the field at <paramref name="path"/>, or any field inside it (`urls` → `urls[3]`, `sites[0]` →
    /// `sites[0].domain`), was found wrong: a second stage must not read it.
    /// </summary>
    public static bool Failed(IReadOnlyDictionary<string, string[]> errors, string path) =>
        errors.Keys.Any(key => key == path || (key.StartsWith(path, StringComparison.Ordinal) && key[path.Length] is '.' or '['));
}

public static class ValidationFilterExtensions
{
    /// <summary>
    /// Validates the body before the handler runs (documented as its 422). With <paramref name="secondStage"/>, a body the validator refuses
    /// still reaches the handler (see <see cref="ValidationFindings"/>), so one 422 names every offending field.
    /// </summary>
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder, bool secondStage = false) where TBuilder : IEndpointConventionBuilder
    {
        if (secondStage) builder.WithMetadata(new SecondStage());
        return builder.AddEndpointFilter<TBuilder, ValidationFilter>().ProducesValidationProblem(422);
    }
}
