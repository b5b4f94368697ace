using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Delisting.Api.Compliance;

/// <summary>An export's parameters as read from the query: the format and instant, or the problem that refuses them.</summary>
public sealed record ExportRequest(string Format, DateTimeOffset AsOf, ProblemHttpResult? Problem);

/// <summary>The compliance export's query rules, its file name and its OpenAPI description.</summary>
public static partial class ComplianceExport
{
    /// <summary>The response header that echoes the instant exported.</summary>
    public const string AsOfHeader = "As-Of";

    private static readonly DateTimeOffset Earliest = new(PlausibleDates.Earliest.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    // RFC 3339: a date, a time, optional fractional seconds, and Z or an offset (no local times: the instant must be exact).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    public static ExportRequest Read(Ruling ruling, string? engine, string? format, string? asOf, DateTimeOffset now)
    {
        var chosen = format ?? ExportWriter.Csv;
        if (!ExportWriter.Formats.Contains(chosen))
        {
            return Refused($"format must be one of {string.Join(", ", ExportWriter.Formats)}; got '{Shorten(chosen)}'.");
        }
        if (engine is not null && !ruling.Engines.Contains(engine))
        {
            return Refused($"Ruling '{ruling.Id}' does not bind engine '{Shorten(engine)}'; its engines are {string.Join(", ", ruling.Engines)}.");
        }
        // Default: now to the second, so that the echoed instant and the file name are short and exact.
        var instant = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond)).ToUniversalTime();
        if (asOf is not null)
        {
            if (!Rfc3339().IsMatch(asOf) || !DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Refused($"asOf must be an RFC 3339 instant such as 2026-11-29T09:00:00Z (with Z or an offset; send + as %2B); got " +
                    $"'{Shorten(asOf)}'.");
            }
            instant = parsed.ToUniversalTime();
            if (instant > now) return Refused($"asOf {ExportWriter.Instant(instant)} is in the future (now {ExportWriter.Instant(now)}): only an " +
                $"instant already passed gives a record that stays the same.");
            if (instant < Earliest) return Refused($"asOf {ExportWriter.Instant(instant)} is before {PlausibleDates.Earliest:yyyy-MM-dd}: no " +
                $"ruling here is that old.");
        }
        return new ExportRequest(chosen, instant, null);
    }

    /// <summary>JSON Lines when the Accept header asks for it and not for CSV; null (the default, CSV) otherwise.</summary>
    public static string? FormatFromAccept(string accept) =>
        (accept.Contains("application/jsonl", StringComparison.OrdinalIgnoreCase) || accept.Contains("application/x-ndjson",
            StringComparison.OrdinalIgnoreCase))
        && !accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase)
            ? ExportWriter.JsonLines
            : null;

    private static ExportRequest Refused(string detail) => new("", default, Problems.BadRequest(detail));

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";

    /// <summary>compliance-&lt;ruling&gt;-&lt;engine or all-engines&gt;-&lt;asOf, basic ISO 8601&gt;.&lt;format&gt;</summary>
    public static string FileName(string rulingId, string? engine, ExportRequest request) =>
        $"compliance-{rulingId}-{engine ?? "all-engines"}-" +
        request.AsOf.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.FFFFFFF'Z'", CultureInfo.InvariantCulture) + "." + request.Format;

    /// <summary>The export's rows, a page at a time.</summary>
    public static async IAsyncEnumerable<IEnumerable<ExportRow>> Rows(ExportStore store, string rulingId, string? engine, DateTimeOffset asOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in store.PagesAsync(rulingId, engine, asOf, cancellationToken))
        {
            yield return ExportRows.Of(page, asOf);
        }
    }

    private const string CsvExample =
        "url,site,noticeId,itemId,engine,firstSubmittedAt,claimants,deadline,obligationEndsAt,status,timeliness,delistedAt," +
        "reasonCode,reason,engineReference,withdrawnAt,relistedAt\r\n" +
        "https://www.allostreaming.example/film/123,allostreaming.example,ntc_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e," +
        "itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google,google," +
        "2026-11-20T09:00:00Z,apc;fndf,2026-12-06T23:00:00Z,2027-11-21T23:00:00Z,delisted,on-time,2026-11-22T10:30:00Z,,,G-4471,,\r\n";

    private static readonly string JsonLinesExample = """
        {"url":"https://www.allostreaming.example/film/123","site":"allostreaming.example",
        "noticeId":"ntc_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e",
        "itemId":"itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google","engine":"google",
        "firstSubmittedAt":"2026-11-20T09:00:00Z","claimants":["apc","fndf"],
        "deadline":"2026-12-06T23:00:00Z","obligationEndsAt":"2027-11-21T23:00:00Z","status":"delisted",
        "timeliness":"on-time","delistedAt":"2026-11-22T10:30:00Z","reasonCode":null,"reason":null,
        "engineReference":"G-4471","withdrawnAt":null,"relistedAt":null}
        """.ReplaceLineEndings("") + "\n";

    /// <summary>The 200's two media types with examples, and its headers.</summary>
    public static Task Document(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "format") is OpenApiParameter { Schema: OpenApiSchema formatSchema })
        {
            formatSchema.Enum = ExportWriter.Formats.Select(f => (JsonNode)JsonValue.Create(f)).ToList();
            formatSchema.Default = JsonValue.Create(ExportWriter.Csv);
        }
        if (operation.Responses?.TryGetValue("200", out var found) != true || found is not OpenApiResponse ok) return Task.CompletedTask;
        ok.Description = "The export, streamed. CSV: a header row then one record per item, CRLF line ends. JSON Lines: one object per item and " +
            "line.";
        ok.Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(CsvExample) },
            ["application/jsonl"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create(JsonLinesExample) },
        };
        ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
        ok.Headers[AsOfHeader] = new OpenApiHeader
        {
            Description = "The instant exported (RFC 3339, UTC): asOf as sent, or now to the second. The same instant gives the same bytes later.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        };
        ok.Headers["Content-Disposition"] = new OpenApiHeader
        {
            Description = "attachment, with a file name naming the ruling, the engine (or all-engines) and the instant: " +
                "compliance-<ruling>-<engine>-<yyyyMMddTHHmmssZ>.<format>.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        return Task.CompletedTask;
    }
}
