using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Delisting.Api.Http;

/// <summary>
/// Documents a string property's allowed values as an OpenAPI enum, taken from a static list of the domain (such as
/// <c>ItemStatus.All</c>), so that the document and the code share one list.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OpenApiValuesAttribute(Type holder, string member) : Attribute
{
    public IReadOnlyList<string> Values { get; } =
        holder.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<string>
        ?? throw new ArgumentException($"{holder.Name}.{member} is not a static list of strings.");

    /// <summary>The schema transformer that applies the attribute.</summary>
    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var attribute = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OpenApiValuesAttribute), inherit: false)
            .OfType<OpenApiValuesAttribute>().FirstOrDefault();
        if (attribute is null) return Task.CompletedTask;
        schema.Enum = attribute.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        // A nullable property may also be null: an enum without null would refuse it.
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)) schema.Enum.Add(null!);
        return Task.CompletedTask;
    }
}
