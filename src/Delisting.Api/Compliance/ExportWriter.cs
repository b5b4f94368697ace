using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Delisting.Api.Http;

namespace Delisting.Api.Compliance;

/// <summary>
/// Writes export rows to a response body as they are read, a page at a time: RFC 4180 CSV with a header row
/// (CsvHelper, with text that a spreadsheet would run as a formula escaped) or JSON Lines. Only the current page's
/// rows are held. The bytes depend on the rows alone, so the same rows give the same file.
/// </summary>
public static class ExportWriter
{
    public const string Csv = "csv", JsonLines = "jsonl";

    public static readonly IReadOnlyList<string> Formats = [Csv, JsonLines];

    public static string ContentType(string format) => format == Csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\r\n" };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new UtcInstantConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Instants as in JSON: UTC with `Z`, fractional digits only when there are some.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static async Task WriteAsync(Stream body, string format, IAsyncEnumerable<IEnumerable<ExportRow>> pages,
        CancellationToken cancellationToken)
    {
        if (format == Csv) await WriteCsvAsync(body, pages, cancellationToken);
        else await WriteJsonLinesAsync(body, pages, cancellationToken);
    }

    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<IEnumerable<ExportRow>> pages, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(body, CsvOptions, leaveOpen: true);
        foreach (var column in ExportRow.Columns) csv.WriteField(column);
        await csv.EndRecordAsync(cancellationToken);
        // Instants are formatted into the writer's buffer, and a notice's claimants joined once for its rows: a million
        // rows allocate little more than the rows themselves.
        IReadOnlyList<string>? claimants = null;
        var joined = "";
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var row in page)
            {
                if (!ReferenceEquals(row.Claimants, claimants)) (claimants, joined) = (row.Claimants, string.Join(';', row.Claimants));
                csv.WriteField(row.Url);
                csv.WriteField(row.Site);
                csv.WriteField(row.NoticeId);
                csv.WriteField(row.ItemId);
                csv.WriteField(row.Engine);
                WriteInstant(csv, row.FirstSubmittedAt);
                csv.WriteField(joined);
                WriteInstant(csv, row.Deadline);
                WriteInstant(csv, row.ObligationEndsAt);
                csv.WriteField(row.Status);
                csv.WriteField(row.Timeliness);
                WriteInstant(csv, row.DelistedAt);
                csv.WriteField(row.ReasonCode);
                csv.WriteField(row.Reason);
                csv.WriteField(row.EngineReference);
                WriteInstant(csv, row.WithdrawnAt);
                WriteInstant(csv, row.RelistedAt);
                await csv.EndRecordAsync(cancellationToken);
            }
            await csv.FlushAsync(cancellationToken);
        }
    }

    private static async Task WriteJsonLinesAsync(Stream body, IAsyncEnumerable<IEnumerable<ExportRow>> pages, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var row in page)
            {
                JsonSerializer.Serialize(json, row, JsonOptions);
                json.Flush();
                buffer.Write("\n"u8);
                json.Reset(buffer);
            }
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
            await body.FlushAsync(cancellationToken);
            buffer.ResetWrittenCount();
        }
    }

    private static void WriteInstant(CsvWriter csv, DateTimeOffset? value)
    {
        if (value is { } instant) csv.WriteField(instant.ToUniversalTime(), InstantFormat);
        else csv.WriteField((string?)null);
    }
}
