using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;

namespace Delisting.Api.Http;

/// <summary>
/// JSON bodies are read strictly: `Content-Type: application/json` (charset utf-8 at most), property names as
/// documented (camelCase, case-sensitive), each property once, no property the endpoint does not know. The
/// serializer's own switches refuse duplicates and unknown members; this class only words the problem.
/// </summary>
public static class StrictJson
{
    public static IServiceCollection AddStrictJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.PropertyNameCaseInsensitive = false;
        });
        // The serializer's switch marks every schema `additionalProperties: false`. That is the contract for what
        // clients send; for what they receive it would forbid adding a field later, so responses stay open.
        services.Configure<OpenApiOptions>("v1", options => options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.ParameterDescription is null && schema.AdditionalPropertiesAllowed == false)
            {
                schema.AdditionalPropertiesAllowed = true;
            }
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Endpoints that bind a JSON body answer 415 to any other content type before reading it.</summary>
    public static IApplicationBuilder UseJsonContentType(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>();
        // A body of bytes (evidence) takes any media type: only the endpoints that read JSON are held to it.
        if (accepts is not null && !accepts.ContentTypes.Contains("application/json", StringComparer.OrdinalIgnoreCase)) accepts = null;
        if (accepts is not null && !IsJson(context.Request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            var sent = string.IsNullOrEmpty(context.Request.ContentType) ? "no Content-Type" : $"Content-Type '{context.Request.ContentType}'";
            await Problems.Create(415, "Unsupported media type",
                $"The request has {sent}; send the body as JSON with Content-Type: application/json (charset=utf-8 is optional).")
                .ExecuteAsync(context);
            return;
        }
        // Accepted spellings (case, quotes, the charset) all mean UTF-8 JSON: binding gets the one plain form, since
        // it would look up a quoted charset as an encoding name and fail.
        if (accepts is not null) context.Request.ContentType = "application/json";
        await next(context);
    });

    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (!media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var parameter in media.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) return false;
            if (!HeaderUtilities.RemoveQuotes(parameter.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    /// <summary>
    /// The problem for a body the serializer refused as not strict enough: a property given twice is malformed
    /// JSON for this API (400); a property the endpoint does not know is a validation error at its path (422).
    /// </summary>
    public static ProblemHttpResult? ProblemFor(Exception exception)
    {
        if (exception is not BadHttpRequestException bad) return null;
        var json = bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException;
        if (json?.Path is not { Length: > 0 } jsonPath) return null;
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        var name = LastSegment(path);
        // The serializer's messages are the only place the two cases differ; both are fixed English resources.
        if (json.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return Problems.BadRequest($"The property '{name}' appears more than once (at {path}): send each property once.");
        }
        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return Problems.Validation(path,
                $"'{name}' is not a property of this body: check its spelling and case (properties are camelCase; see /openapi/v1.json).");
        }
        return null;
    }

    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        var name = dot < 0 ? path : path[(dot + 1)..];
        // $['odd name'] for names that are not identifiers.
        return name.StartsWith("['", StringComparison.Ordinal) && name.EndsWith("']", StringComparison.Ordinal) ? name[2..^2] : name;
    }
}
