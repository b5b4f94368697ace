using System.Globalization;
using System.Text.Json.Nodes;
using Delisting.Api.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Delisting.Api.Auth;

namespace Delisting.Api.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Component names of the problem types, as generated clients name their exceptions.</summary>
    public const string ProblemSchema = "Problem", ValidationProblemSchema = "ValidationProblem";

    /// <summary>Setting: the URL the document's <c>servers</c> names (a deployment's public URL); unset, the URL it was asked on.</summary>
    public const string ServerUrlSetting = "OpenApi:ServerUrl";

    /// <summary>
    /// Component names: problem types as clients should name them, and maps (an object keyed by engine id, JSON path or
    /// reason code) as named schemas whose additionalProperties is their value's schema, not inline free-form objects.
    /// </summary>
    private static string? SchemaName(System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        if (type.Type == typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails)) return ValidationProblemSchema;
        if (type.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)) return ProblemSchema;
        if (type.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary && type.ElementType is { } value)
        {
            return value == typeof(string[]) ? "ValidationErrors"
                : value == typeof(long) || value == typeof(int) ? "CountMap"
                : $"{OpenApiOptions.CreateDefaultSchemaReferenceId(type.Options.GetTypeInfo(value))}Map";
        }
        return OpenApiOptions.CreateDefaultSchemaReferenceId(type);
    }

    /// <summary>What each tag (one per feature) is about; every tag an endpoint uses needs a line here.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Engines"] = "The search engines rulings bind, and each engine's work: its queue of items and its reports on them (engine liaisons).",
        ["Organisations"] = "Rights-holder organisations: the plaintiffs of rulings, on whose behalf requests are made.",
        ["Rulings"] = "Court rulings: which engines must delist which sites, for which plaintiffs, within how many days, until when; and how each " +
            "engine complies.",
        ["Delisting requests"] = "URLs a rights holder submits under a ruling, each becoming one item per engine, with status, deadlines and an " +
            "audit trail.",
        ["API keys"] = "Keys for the X-Api-Key header, created and revoked by administrators; a key is shown once.",
        ["Extensions"] = "Sites added to a ruling's list after the judgment: by a new court decision, or by a request of the regulator ARCOM (art. " +
            "L.331-27 of the Intellectual Property Code) capped at the ruling's remaining duration.",
        ["Change feeds"] = "What happened that concerns an engine or an organisation, oldest first, exactly once for a reader that follows `next`; " +
            "long polling with `wait`.",
        ["Webhooks"] = "The change feed of your engine or organisation pushed to your receiver: signed deliveries (Standard Webhooks), retried on " +
            "a schedule, in feed order.",
        ["Transparency"] = "What anyone may know without a key: per ruling and engine, how many URLs were delisted, refused or withdrawn and how " +
            "fast (aggregates only, cached up to 60 s); and a ruling as a Lumen Database court-order notice for its plaintiffs.",
        ["Mirror reports"] = "Domains a plaintiff reports as reproducing a site of a ruling; an admin includes them by an extension or dismisses " +
            "them.",
        ["Evidence"] = "Captures kept as proof that a mirror reproduces an ordered site, content-addressed by SHA-256 so a court can check them " +
            "later; requests and mirror reports cite them.",
        ["Protected hosts"] = "Shared infrastructure no order may hit (storage, CDNs, code hosting, encyclopaedias, video platforms): sites, " +
            "mirror reports and URLs on them are refused unless a court overrides it; protecting a host can withdraw every open claim on it in one " +
                "call.",
    };

    public static IServiceCollection AddDelistingOpenApi(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.CreateSchemaReferenceId = SchemaName;
        options.AddSchemaTransformer(OpenApiSchemas.Transform);
        options.AddOperationTransformer((operation, context, _) =>
        {
            OpenApiResponses.Complete(operation, context);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, context, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Delisting API",
                Version = "v1",
                Description = "Court-ordered delisting of pirate sites from search engines: rights holders submit URLs " +
                              "under a ruling, engine liaisons report what they did, everyone reads status. " +
                              "Authenticate with the X-Api-Key header. Errors are RFC 9457 problems " +
                              "(application/problem+json); instants are RFC 3339 UTC, calendar dates YYYY-MM-DD in the " +
                              "ruling's time zone; collections are paged with `limit` and the `after` cursor of `next`.",
                Contact = new OpenApiContact
                {
                    Name = "Delisting API team",
                    Email = "delisting-api@delisting.example",
                },
                License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://delisting.example/terms") },
            };
            // An absolute URL, so that generated clients (Kiota) get a base URL: the configured one, else the one this
            // document was asked on (Swagger UI then calls the instance it was loaded from, on whatever port).
            var configured = context.ApplicationServices.GetRequiredService<IConfiguration>()[ServerUrlSetting];
            var asked = document.Servers?.FirstOrDefault()?.Url;
            if ((configured ?? asked) is { Length: > 0 } url)
            {
                document.Servers = [new OpenApiServer { Url = url.TrimEnd('/'), Description = "This instance (Development: http://localhost:5080)" }];
            }
            document.Tags = new HashSet<OpenApiTag>(TagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key created by an administrator (shown once). In Development: dev-admin-key, " +
                              "dev-apc-key, dev-fndf-key, dev-google-key, dev-bing-key.",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
                },
            ];
            OpenApiResponses.ExampleRequestBodies(document);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer(OpenApiSchemas.HoistNullableDescriptions);
        options.AddDocumentTransformer(Demo.DemoExamples.ApplyAsync);
    });
}
