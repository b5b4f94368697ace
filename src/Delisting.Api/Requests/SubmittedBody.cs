using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Delisting.Api.Admission;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Requests;

/// <summary>
/// Binds the body of POST /v1/requests from the bytes admission read (<see cref="PooledBody"/>), with the serializer's
/// own rules (strict names, no duplicates, no unknown members) and its own errors, so a malformed body is the same 400 and
/// an unknown property the same 422 as anywhere else. Only `urls` is read differently: into <see cref="SubmittedUrls"/>,
/// which points into the body instead of copying it into strings.
/// </summary>
public static class SubmittedBody
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> WithSubmittedUrls = [];

    public static async ValueTask<SubmitRequestBody?> ReadAsync(HttpContext context)
    {
        var body = PooledBody.Of(context);
        if (body is null)
        {
            body = new PooledBody();
            context.Response.RegisterForDispose(body);
            int read;
            while ((read = await context.Request.Body.ReadAsync(body.Reserve(), context.RequestAborted)) > 0) body.Advance(read);
        }
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var value = Parse(body, WithSubmittedUrls.GetValue(options, Derive), out var start);
        if (value?.Urls is SubmittedUrls urls)
        {
            urls.Attach(body, start);
            context.Response.RegisterForDispose(urls);
        }
        return value;
    }

    private static JsonSerializerOptions Derive(JsonSerializerOptions options) => new(options) { Converters = { new SubmittedUrls.Converter() } };

    /// <summary>The body's one JSON value (null for none, as the framework's binding has it); <paramref name="start"/> is where it starts.</summary>
    private static SubmitRequestBody? Parse(PooledBody body, JsonSerializerOptions options, out long start)
    {
        var sequence = body.Sequence();
        // As the serializer reading a stream does: a byte order mark and white space before the value are skipped.
        var reader = new SequenceReader<byte>(sequence);
        _ = reader.IsNext([0xEF, 0xBB, 0xBF], advancePast: true);
        reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r', (byte)'\n');
        start = reader.Consumed;
        if (reader.End) return null;
        var json = new Utf8JsonReader(sequence.Slice(start), new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
            MaxDepth = options.MaxDepth,
        });
        try
        {
            var value = JsonSerializer.Deserialize<SubmitRequestBody>(ref json, options);
            if (json.Read())
            {
                throw new JsonException("The body holds more than one JSON value.", "$", null, null);
            }
            return value;
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException($"Failed to read parameter \"SubmitRequestBody body\" from the request body as JSON.", 400, exception);
        }
    }
}
