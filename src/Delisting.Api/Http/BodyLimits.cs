using Microsoft.AspNetCore.Http.Features;

namespace Delisting.Api.Http;

/// <summary>Marks an endpoint with the largest request body it accepts.</summary>
public sealed record BodyLimit(long Bytes)
{
    public const long Default = 1024 * 1024;
}

public static class BodyLimitExtensions
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>
    /// Applies each endpoint's body limit (1 MiB unless it says otherwise): a declared length beyond it is refused
    /// before reading, and the server stops reading a chunked body at the limit.
    /// </summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await TypedResults.Problem(
                detail: $"The request body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.",
                statusCode: 413, title: "Payload too large", type: Problems.TypeFor(413)).ExecuteAsync(context);
            return;
        }
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        await next(context);
    });
}
