using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Delisting.Api.Http;

namespace Delisting.Api.OpenApi;

/// <summary>
/// Schema rules that follow the code's own annotations, so a new contract or endpoint gets them by being
/// written the usual way:
/// <list type="bullet">
/// <item>A type that marks any member <c>[Required]</c> (a request body: its members are nullable in code so a
/// missing one is a 422 naming it) lists exactly those as required, without null. Other types (responses) keep
/// every member required, nullable ones as <c>null</c>-able: the service always writes every member.</item>
/// <item><c>[Vocabulary]</c> on a property or handler parameter becomes an <c>enum</c>.</item>
/// <item>Instants (<see cref="DateTimeOffset"/>, written by <see cref="UtcInstantConverter"/>) are
/// <c>type: string, format: date-time</c>; the custom converter would otherwise leave the type out.</item>
/// <item>Paging parameters (<c>limit</c>, <c>after</c>) show their range, default and meaning (see <see cref="Paging"/>).</item>
/// <item>Problem details show what the service writes: no <c>instance</c>, a <c>traceId</c>.</item>
/// </list>
/// </summary>
public static class OpenApiSchemas
{
    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is { } property)
        {
            ApplyMember(schema, property.AttributeProvider);
            // Every list's cursor: opaque, but an example reads better than Swagger UI's "string".
            if (property.DeclaringType is { IsGenericType: true } declaring && declaring.GetGenericTypeDefinition() == typeof(Page<>)
                && property.Name == "next")
            {
                schema.Examples = [JsonValue.Create("MTAw")];
            }
        }
        else if (context.ParameterDescription is { } parameter)
        {
            ApplyMember(schema, ParameterInfoOf(parameter));
            ApplyPaging(schema, parameter.Name);
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
        {
            schema.Type = type == typeof(DateTimeOffset?) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
        }
        if (typeof(ProblemDetails).IsAssignableFrom(type))
        {
            DescribeProblem(schema, type == typeof(HttpValidationProblemDetails), context.JsonTypeInfo);
        }
        else if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            ApplyRequired(schema, context.JsonTypeInfo);
        }
        return Task.CompletedTask;
    }

    private static void ApplyMember(OpenApiSchema schema, ICustomAttributeProvider? member)
    {
        if (member is null) return;
        if (member.IsDefined(typeof(RequiredAttribute), true) && schema.Type is { } declared)
        {
            schema.Type = declared & ~JsonSchemaType.Null;
        }
        if (member.GetCustomAttributes(typeof(VocabularyAttribute), true).FirstOrDefault() is VocabularyAttribute vocabulary)
        {
            var values = vocabulary.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            // JSON Schema checks null against the enum too: a nullable member must list it.
            if (schema.Type is { } t && t.HasFlag(JsonSchemaType.Null)) values.Add(null!);
            schema.Enum = values;
        }
    }

    private static void ApplyRequired(OpenApiSchema schema, JsonTypeInfo type)
    {
        var required = type.Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) == true)
            .Select(p => p.Name)
            .ToList();
        if (required.Count == 0) return;
        schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
    }

    private static void ApplyPaging(OpenApiSchema schema, string name)
    {
        if (name == "limit")
        {
            schema.Minimum = "1";
            schema.Maximum = Paging.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            schema.Default = JsonValue.Create(Paging.DefaultLimit);
        }
    }

    private static ParameterInfo? ParameterInfoOf(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiParameterDescription parameter) =>
        parameter.ParameterDescriptor switch
        {
            IParameterInfoParameterDescriptor withInfo => withInfo.ParameterInfo,
            _ => null,
        };

    private static void DescribeProblem(OpenApiSchema schema, bool validation, JsonTypeInfo type)
    {
        schema.Description = validation
            ? "An RFC 9457 problem for invalid input: `errors` maps JSON paths of the offending input (`urls[3]`, `responses[0].status`, " +
                "`rulingId`) to messages a person can act on."
            : "An RFC 9457 problem: every error of this API has this shape, with a detail that says what to do next.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties.Remove("instance");
        Describe(schema, "type", "URI of the problem type: the section of RFC 9110 (or RFC 6585 for 429) that defines the status.");
        Describe(schema, "title", "Short summary of the problem type.");
        Describe(schema, "status", "The HTTP status code.");
        Describe(schema, "detail", "What went wrong with this request, and what to do about it.");
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "W3C trace id of the request, to quote when reporting a problem.",
        };
        foreach (var name in new[] { "type", "title", "status", "detail" })
        {
            if (schema.Properties.TryGetValue(name, out var property) && property is OpenApiSchema inline && inline.Type is { } t)
            {
                inline.Type = t & ~JsonSchemaType.Null;
            }
        }
        schema.Required = new HashSet<string>(validation ? ["type", "title", "status", "detail", "errors"] : ["type", "title", "status", "detail"]);
        // A problem type of our own (ExistingResourceProblem) adds members the service always writes.
        foreach (var member in type.Properties.Where(p => p.IsRequired)) schema.Required.Add(member.Name);
        if (validation)
        {
            Describe(schema, "errors", "JSON path of each offending input → messages.");
            schema.Examples = [new JsonObject
            {
                ["type"] = Problems.TypeFor(422),
                ["title"] = "Validation failed",
                ["status"] = 422,
                ["detail"] = "1 of 2 URLs cannot be delisted under ruling 'demo-ruling-in-force'; nothing was stored.",
                ["errors"] = new JsonObject
                {
                    ["urls[1]"] = new JsonArray("The host 'mirror-demo.example' is not on the site list of ruling 'demo-ruling-in-force'. A mirror " +
                        "on a new domain is covered only once a new decision extends the list."),
                },
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            }];
        }
    }

    private static void Describe(OpenApiSchema schema, string property, string description)
    {
        IOpenApiSchema? value = null;
        if (schema.Properties?.TryGetValue(property, out value) != true) return;
        switch (value)
        {
            case OpenApiSchema inline: inline.Description = description; break;
            // A map is a named schema (OpenApiSetup.SchemaName): the description sits beside its $ref.
            case OpenApiSchemaReference reference: reference.Description = description; break;
        }
    }

    /// <summary>
    /// A nullable object property is written as oneOf [null, $ref], and its description lands on the $ref entry,
    /// where tools do not show it: it is put on the property itself.
    /// </summary>
    public static Task HoistNullableDescriptions(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken _)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            HoistNullableDescriptions(schema);
        }
        return Task.CompletedTask;
    }

    private static void HoistNullableDescriptions(OpenApiSchema schema)
    {
        foreach (var value in schema.Properties?.Values ?? [])
        {
            if (value is OpenApiSchema { OneOf: { Count: > 0 } oneOf } property && string.IsNullOrWhiteSpace(property.Description))
            {
                property.Description = oneOf.Select(s => s.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
            }
            // A map member that became a named schema keeps its description beside the $ref.
            if (value is OpenApiSchemaReference { Target.Description: { Length: > 0 } described } reference
                && string.IsNullOrWhiteSpace(reference.Reference.Description))
            {
                reference.Description = described;
            }
        }
    }
}
