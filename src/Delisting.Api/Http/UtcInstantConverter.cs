using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delisting.Api.Http;

/// <summary>Instants go on the wire as RFC 3339 UTC with a `Z` (`2026-11-29T09:00:00Z`); any offset is accepted in.</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        // A UTC DateTime is written as RFC 3339 with 'Z' and no trailing fractional zeros, by the fast built-in path.
        writer.WriteStringValue(value.UtcDateTime);
}
