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
    });
}
