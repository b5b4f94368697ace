using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace Delisting.Client;

/// <summary>
/// Typed reading of the document's maps (EngineSummaryMap, EngineComplianceMap, ValidationErrors, CountMap: objects
/// keyed by engine id, JSON path or reason code whose values share one schema). Kiota 1.38 generates no dictionaries
/// (microsoft/kiota#62): a map's entries arrive in AdditionalData as untyped nodes. This reads each entry as
/// <typeparamref name="T"/>, e.g. <c>request.Summary.Entries&lt;Dictionary&lt;string, long&gt;&gt;()["google"]["pending"]</c>
/// or <c>problem.Errors.Entries&lt;string[]&gt;()["urls[0]"]</c>.
/// </summary>
public static class Maps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyDictionary<string, T> Entries<T>(this IAdditionalDataHolder? map)
    {
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in map?.AdditionalData ?? new Dictionary<string, object>())
        {
            if (value is not UntypedNode node)
            {
                entries[key] = JsonSerializer.SerializeToElement(value, Json).Deserialize<T>(Json)!;
                continue;
            }
            using var writer = new JsonSerializationWriter();
            writer.WriteObjectValue(null, node);
            using var content = writer.GetSerializedContent();
            entries[key] = JsonSerializer.Deserialize<T>(content, Json)!;
        }
        return entries;
    }
}
