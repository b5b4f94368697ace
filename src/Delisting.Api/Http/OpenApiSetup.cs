using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace Delisting.Api.Http;

public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddDelistingOpenApi(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Delisting API",
                Version = "v1",
                Description = "Court-ordered delisting of pirate sites from search engines: rights holders submit URLs " +
                              "under a ruling, engine liaisons report what they did, everyone reads status. " +
                              "Authenticate with the X-Api-Key header.",
            };
            // The committed document must not depend on the host it was generated on.
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key created by an administrator (shown once).",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
                },
            ];
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(OpenApiValuesAttribute.Apply);
        options.AddOperationTransformer((operation, context, _) =>
        {
            // Declared once here rather than on every endpoint: what authorization an endpoint needs decides 401/403.
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
            var authorize = metadata.OfType<IAuthorizeData>().ToList();
            if (authorize.Count == 0) return Task.CompletedTask;
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", ProblemResponse(context.Document, $"Missing, unknown or revoked {ApiKeyAuthenticationHandler.HeaderName}."));
            if (authorize.Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
            {
                operation.Responses.TryAdd("403", ProblemResponse(context.Document, "The key's role may not use this endpoint."));
            }
            return Task.CompletedTask;
        });
    });

    private static OpenApiResponse ProblemResponse(OpenApiDocument? document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
        },
    };
}
