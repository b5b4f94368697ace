using System.Globalization;
using System.Text.Json.Nodes;
using Delisting.Api.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Delisting.Api.Auth;
using Delisting.Api.Admission;
using Delisting.Api.Http;

namespace Delisting.Api.OpenApi;

/// <summary>
/// Responses every operation can meet, declared from what the endpoint is (authorized, with a body, with
/// parameters, creating) rather than endpoint by endpoint, so new endpoints are documented the same way.
/// </summary>
public static class OpenApiResponses
{
    public static void Complete(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var document = context.Document;
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new Microsoft.OpenApi.OpenApiResponses();
        var responses = operation.Responses;

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (!anonymous && authorize.Count > 0)
        {
            responses.TryAdd("401", Problem(document, 401, $"Missing, unknown or revoked {ApiKeyAuthenticationHandler.HeaderName}."));
            // Reading a ruling is 404 to whoever may not (RulingScope), never 403.
            if (authorize.Any(a => !string.IsNullOrEmpty(a.Roles) || (!string.IsNullOrEmpty(a.Policy) && a.Policy != Http.Policies.RulingReader)))
            {
                responses.TryAdd("403", Problem(document, 403, "The key's role may not use this endpoint."));
            }
        }
        if (operation.Parameters?.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Path or ParameterLocation.Header) == true
            || operation.RequestBody is not null)
        {
            responses.TryAdd("400", Problem(document, 400,
                "A parameter or the body could not be read (malformed JSON, a value of the wrong type, a cursor this API did not return)."));
        }
        // Every path names a resource that may not exist or not be visible to the key; a PUT creates it.
        if (operation.Parameters?.Any(p => p.In is ParameterLocation.Path) == true && context.Description.HttpMethod != HttpMethods.Put)
        {
            responses.TryAdd("404", Problem(document, 404, Describe(404, null)));
        }
        if (operation.RequestBody is not null)
        {
            var limit = metadata.OfType<BodyLimit>().LastOrDefault()?.Bytes ?? BodyLimit.Default;
            responses.TryAdd("413", Problem(document, 413,
                $"The body is larger than this endpoint accepts ({limit.ToString("N0", CultureInfo.InvariantCulture)} bytes)."));
            var types = operation.RequestBody.Content?.Keys.ToList() ?? [];
            responses.TryAdd("415", Problem(document, 415,
                $"The body is not sent as {(types.Count == 0 ? "application/json" : string.Join(" or ", types))}."));
        }
        responses.TryAdd("429", Problem(document, 429, "Too many requests for this API key; retry after the seconds in Retry-After."));
        responses.TryAdd("500", Problem(document, 500, "The service failed; the problem names no internals. It is logged; retrying may help."));
        responses.TryAdd("503", Problem(document, 503,
            "The database is busy, or a storage the operation needs is unavailable; retry after the seconds in Retry-After."));

        DescribeParameters(operation, context);

        // A HEAD answer carries headers only: the handler's refusals (400, 404) are sent without a problem's Content-Type.
        if (context.Description.HttpMethod == HttpMethods.Head)
        {
            foreach (var status in new[] { "400", "404" })
            {
                if (responses.TryGetValue(status, out var response) && response is OpenApiResponse refusal) refusal.Content = null;
            }
        }

        var idempotent = operation.Parameters?.Any(p => p.In == ParameterLocation.Header && p.Name == RequestsApi.IdempotencyHeader) == true;
        foreach (var (status, response) in responses)
        {
            if (response is not OpenApiResponse concrete) continue;
            var code = int.TryParse(status, out var c) ? c : 0;
            concrete.Description = Describe(code, concrete.Description);
            if (code == 201)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = $"The path of the created resource: /{context.Description.RelativePath?.TrimEnd('/')}/{{id}}.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
            if (idempotent && code is >= 200 and < 300)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Idempotent-Replayed"] = new OpenApiHeader
                {
                    Description = $"true when this is the stored first response to the same {RequestsApi.IdempotencyHeader} and body, sent again; " +
                        $"absent otherwise.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
                };
            }
            if (idempotent && code == 409)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = $"With a 409 for an {RequestsApi.IdempotencyHeader} still being processed: seconds before retrying it.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                };
            }
            if (code is 429 or 503)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
            if (code >= 400 && concrete.Content?.TryGetValue("application/problem+json", out var media) == true && media is OpenApiMediaType problem)
            {
                if (problem.Schema is OpenApiSchemaReference { Reference.Id: nameof(ExistingResourceProblem) })
                {
                    concrete.Description = "An equal resource exists already (a domain still reported under the ruling, a host already protected): " +
                        "existingId names it.";
                }
                var example = ProblemExample(code, concrete.Description);
                if (problem.Schema is OpenApiSchemaReference { Reference.Id: nameof(ExistingResourceProblem) })
                {
                    example["existingId"] = "mir_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";
                }
                if (problem.Schema is OpenApiSchemaReference { Reference.Id: OpenApiSetup.ValidationProblemSchema })
                {
                    example["errors"] = code == 409
                        ? new JsonObject { ["responses[0].status"] = new JsonArray("Item 'itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google' is delisted " +
                            "and cannot become acknowledged: nothing leaves delisted.") }
                        : new JsonObject { ["urls[1]"] = new JsonArray("The host 'mirror-demo.example' is not on the site list of ruling " +
                            "'demo-ruling-in-force'.") };
                }
                problem.Example = example;
            }
        }
    }

    /// <summary>
    /// Parameter examples (<see cref="ParameterExampleAttribute"/>) and descriptions given with
    /// <see cref="System.ComponentModel.DescriptionAttribute"/> where an XML param comment cannot reach (a header
    /// whose name differs from the C# parameter's).
    /// </summary>
    private static void DescribeParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is not Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor
                { ParameterInfo: var info }) continue;
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name);
            if (parameter is null) continue;
            if (info.GetCustomAttributes(typeof(ParameterExampleAttribute), false).FirstOrDefault() is ParameterExampleAttribute example)
            {
                parameter.Example = JsonValue.Create(example.Value);
            }
            if (string.IsNullOrEmpty(parameter.Description)
                && info.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute),
                    false).FirstOrDefault() is System.ComponentModel.DescriptionAttribute text)
            {
                parameter.Description = text.Description;
            }
        }
    }

    /// <summary>
    /// Request bodies carry their type's example as the media type's example, which is what Swagger UI pre-fills:
    /// the examples are written to work against a Development instance (see Demo/DevelopmentSeeds).
    /// </summary>
    public static void ExampleRequestBodies(OpenApiDocument document)
    {
        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values.AsEnumerable() ?? [])
            {
                if (operation.RequestBody?.Content is not { } content) continue;
                foreach (var media in content.Values.OfType<OpenApiMediaType>())
                {
                    if (media.Example is null && media.Schema is OpenApiSchemaReference reference
                        && document.Components?.Schemas?.TryGetValue(reference.Reference.Id!, out var schema) == true
                        && schema.Examples is { Count: > 0 } examples)
                    {
                        media.Example = examples[0]?.DeepClone();
                    }
                }
            }
        }
    }

    private static OpenApiResponse Problem(OpenApiDocument? document, int status, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(OpenApiSetup.ProblemSchema, document) },
        },
    };

    /// <summary>The framework's defaults ("Bad Request") replaced by what the status means here.</summary>
    private static string Describe(int status, string? current) => status switch
    {
        _ when !string.IsNullOrEmpty(current) && current != Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) => current,
        200 => "OK.",
        201 => "Created; Location names the new resource.",
        204 => "Done; no body.",
        400 => "A parameter or the body could not be read (malformed JSON, a value of the wrong type, a cursor this API did not return).",
        403 => "The key may not do this (wrong role, or not a plaintiff of the ruling).",
        404 => "Not found, or not visible to this key (a resource of another organisation or engine is reported as not found).",
        409 => "Conflict with the current state (the id exists, a transition is not allowed, or the same Idempotency-Key is still being processed).",
        422 => "Validation failed: `errors` names each offending input by its JSON path; nothing was stored.",
        _ => current ?? "",
    };

    private static JsonObject ProblemExample(int status, string? detail) => new()
    {
        ["type"] = Problems.TypeFor(status),
        ["title"] = status switch
        {
            400 => "Bad request",
            413 => "Payload too large",
            415 => "Unsupported media type",
            422 => "Validation failed",
            429 => "Too many requests",
            500 => "Internal server error",
            503 => "Service busy",
            _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
        },
        ["status"] = status,
        ["detail"] = detail,
        ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
    };
}
