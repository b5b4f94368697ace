using System.Text;
using FluentValidation;

namespace Delisting.Api.Http;

/// <summary>Runs the FluentValidation validator of every argument that has one; failures become a 422 problem.</summary>
public sealed class ValidationFilter(IServiceProvider services) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is null) continue;
            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (services.GetService(validatorType) is not IValidator validator) continue;

            var result = await validator.ValidateAsync(new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
            if (!result.IsValid)
            {
                var errors = result.Errors
                    .GroupBy(e => JsonPath(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
                return Problems.Validation(errors);
            }
        }
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

public static class ValidationFilterExtensions
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ValidationFilter>();
}
