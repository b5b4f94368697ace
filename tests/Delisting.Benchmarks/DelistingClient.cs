using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Delisting.Benchmarks;

/// <summary>The few calls of the public contract (shared/api-contract.md) that the scenario makes, one at a time.</summary>
public sealed class DelistingClient(Uri baseAddress) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>POST /v1/api-keys; returns the key in clear.</summary>
    public async Task<string> CreateKeyAsync(string adminKey, object body)
    {
        using var document = await SendAsync(HttpMethod.Post, "/v1/api-keys", adminKey, body, HttpStatusCode.Created);
        return document.RootElement.GetProperty("key").GetString() ?? throw new InvalidOperationException("POST /v1/api-keys returned no key.");
    }

    public async Task CreateRulingAsync(string adminKey, object body)
    {
        using var _ = await SendAsync(HttpMethod.Post, "/v1/rulings", adminKey, body, HttpStatusCode.Created);
    }

    /// <summary>
    /// The benchmarks' usual ruling: in force for a year from today, the four engines, plaintiff apc, 15 days to comply,
    /// one site (allostreaming.com), decided <paramref name="decidedDaysAgo"/> days ago.
    /// </summary>
    public Task CreateOneSiteRulingAsync(string adminKey, string id, string caseReference, int decidedDaysAgo = 10)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return CreateRulingAsync(adminKey, new
        {
            id, court = "Tribunal judiciaire de Paris", caseReference,
            decidedOn = today.AddDays(-decidedDaysAgo), servedOn = (DateOnly?)null, timeZone = "Europe/Paris", complianceDays = 15,
            inForceUntil = today.AddDays(365), plaintiffs = new[] { "apc" }, engines = WebhookCases.Engines,
            sites = new[] { new { domain = "allostreaming.com", network = "Allostreaming" } },
        });
    }

    /// <summary>POST /v1/requests; returns the request id and the time from sending to the last byte of the response.</summary>
    public async Task<(string Id, TimeSpan Elapsed)> SubmitRequestAsync(string key, string rulingId, string clientReference,
        IReadOnlyList<string> urls)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { rulingId, clientReference, urls }, Json);
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await SendRawAsync(HttpMethod.Post, "/v1/requests", key, payload);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Expect(HttpMethod.Post, "/v1/requests", HttpStatusCode.Created, status, body);

        using var document = JsonDocument.Parse(body);
        var id = document.RootElement.GetProperty("id").GetString() ?? throw new InvalidOperationException("POST /v1/requests returned no id.");
        var accepted = document.RootElement.GetProperty("urls").GetArrayLength();
        if (accepted != urls.Count)
        {
            throw new InvalidOperationException($"POST /v1/requests accepted {accepted} URLs of {urls.Count}.");
        }
        return (id, elapsed);
    }

    /// <summary>POST /v1/webhooks for the key's own feed; returns the subscription's id.</summary>
    public async Task<string> SubscribeAsync(string key, string url, string feed)
    {
        using var document = await SendAsync(HttpMethod.Post, "/v1/webhooks", key, new { url, feed }, HttpStatusCode.Created);
        return document.RootElement.GetProperty("id").GetString() ?? throw new InvalidOperationException("POST /v1/webhooks returned no id.");
    }

    /// <summary>GET a streamed export, read to the end as it arrives; returns its lines and bytes.</summary>
    public async Task<(long Lines, long Bytes)> ExportAsync(string key, string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        long lines = 0, bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return (lines, bytes);
    }

    /// <summary>GET /v1/requests/{id}: the request's summary as of now.</summary>
    public async Task RequestStatusAsync(string key, string requestId)
    {
        using var _ = await SendAsync(HttpMethod.Get, $"/v1/requests/{requestId}", key, null, HttpStatusCode.OK);
    }

    /// <summary>GET /v1/engines/{engine}/items?status=pending: the ids of the first page of the queue.</summary>
    public async Task<IReadOnlyList<string>> PendingItemIdsAsync(string engineKey, string engine, int limit)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/v1/engines/{engine}/items?status=pending&limit={limit}", engineKey, null,
            HttpStatusCode.OK);
        return document.RootElement.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("id").GetString() ?? throw new InvalidOperationException("An item has no id."))
            .ToList();
    }

    /// <summary>POST /v1/engines/{engine}/responses marking every item delisted; returns the round-trip time.</summary>
    /// <summary>Withdraws URLs of a request; the round trip, checked to have withdrawn every URL.</summary>
    public async Task<TimeSpan> WithdrawAsync(string key, string requestId, IReadOnlyList<string> urls)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { urls, reason = "benchmark: sent by mistake" }, Json);
        var path = $"/v1/requests/{requestId}/withdrawals";
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await SendRawAsync(HttpMethod.Post, path, key, payload);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Expect(HttpMethod.Post, path, HttpStatusCode.OK, status, body);

        using var document = JsonDocument.Parse(body);
        var withdrawn = document.RootElement.GetProperty("withdrawn").GetInt32();
        if (withdrawn != urls.Count) throw new InvalidOperationException($"POST {path} withdrew {withdrawn} URLs of {urls.Count}.");
        return elapsed;
    }

    /// <summary>POST /v1/protected-hosts with withdrawOpenItems; returns the time taken and how many URLs the withdrawal reached.</summary>
    public async Task<(TimeSpan Elapsed, int Urls)> ProtectHostAsync(string adminKey, string host)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { host, includeSubdomains = true, reason = "benchmark: shared host",
            withdrawOpenItems = true }, Json);
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await SendRawAsync(HttpMethod.Post, "/v1/protected-hosts", adminKey, payload);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Expect(HttpMethod.Post, "/v1/protected-hosts", HttpStatusCode.Created, status, body);
        using var document = JsonDocument.Parse(body);
        return (elapsed, document.RootElement.GetProperty("withdrawal").GetProperty("urls").GetInt32());
    }

    public async Task<TimeSpan> ReportDelistedAsync(string engineKey, string engine, IReadOnlyList<string> itemIds, int batch)
    {
        var responses = itemIds.Select((id, i) => new { itemId = id, status = "delisted", engineReference = $"G-BENCH-{batch}-{i}" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { responses }, Json);
        var path = $"/v1/engines/{engine}/responses";
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await SendRawAsync(HttpMethod.Post, path, engineKey, payload);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Expect(HttpMethod.Post, path, HttpStatusCode.OK, status, body);

        using var document = JsonDocument.Parse(body);
        var applied = document.RootElement.GetProperty("applied").GetInt32();
        if (applied != itemIds.Count)
        {
            throw new InvalidOperationException($"POST {path} applied {applied} responses of {itemIds.Count}.");
        }
        return elapsed;
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, string key, object? body, HttpStatusCode expected)
    {
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var (status, content) = await SendRawAsync(method, path, key, payload);
        Expect(method, path, expected, status, content);
        return JsonDocument.Parse(content);
    }

    /// <summary>One page of a change feed: its events and the cursor after them.</summary>
    public async Task<(int Events, string Next)> FeedPageAsync(string key, string path)
    {
        var (status, body) = await SendRawAsync(HttpMethod.Get, path, key, null);
        Expect(HttpMethod.Get, path, HttpStatusCode.OK, status, body);
        using var page = System.Text.Json.JsonDocument.Parse(body);
        return (page.RootElement.GetProperty("items").GetArrayLength(), page.RootElement.GetProperty("next").GetString()!);
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> SendRawAsync(HttpMethod method, string path, string key, byte[]? payload)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private static void Expect(HttpMethod method, string path, HttpStatusCode expected, HttpStatusCode actual, byte[] body)
    {
        if (actual == expected) return;
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 2000));
        var hint = actual == HttpStatusCode.NotFound && text.Length == 0 ? " (is the endpoint implemented in this build?)" : "";
        throw new InvalidOperationException($"{method} {path} answered {(int)actual}, expected {(int)expected}{hint}: {text}");
    }

    public void Dispose() => _http.Dispose();
}
