using System.Reflection;

namespace Delisting.Api.Http;

/// <summary>
/// Marks a string property or parameter whose values come from a closed vocabulary: the OpenAPI document lists
/// them as an <c>enum</c>. The values are read from a static member of <paramref name="owner"/> (by default
/// <c>All</c>), so the document follows the code's own list instead of repeating it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class VocabularyAttribute(Type owner, string member = "All") : Attribute
{
    public IReadOnlyList<string> Values { get; } = Read(owner, member);

    /// <summary>The class whose constants are the vocabulary.</summary>
    public Type Owner { get; } = owner;

    private static IReadOnlyList<string> Read(Type owner, string member)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var value = owner.GetField(member, flags)?.GetValue(null) ?? owner.GetProperty(member, flags)?.GetValue(null);
        return value as IEnumerable<string> is { } values
            ? values.ToList()
            : throw new InvalidOperationException($"{owner.Name}.{member} is not a static list of strings.");
    }
}

/// <summary>
/// An example value for a route, query or header parameter, shown in the OpenAPI document and pre-filled by
/// Swagger UI: pick one that exists in every environment (a seeded engine or ruling) so "Try it out" works.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ParameterExampleAttribute(string value) : Attribute
{
    public string Value { get; } = value;
}
