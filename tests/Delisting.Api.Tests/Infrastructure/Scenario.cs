using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Delisting.Api.Tests.Infrastructure;

/// <summary>A key an admin created: its id (as the audit trail names it) and a client that sends it.</summary>
public sealed record Actor(string KeyId, HttpClient Client);

/// <summary>
/// Steps of the delisting scenario over HTTP: a plaintiff submits URLs, a liaison reads its queue and reports
/// what its engine did. Every helper goes through the public API; none touches the database.
/// </summary>
public static class Scenario
{
    public static async Task<Actor> ActorAsync(this DelistingApp app, string role, string? organisation = null, string? engine = null)
    {
        var response = await app.Admin().PostAsJsonAsync("/v1/api-keys", new { role, organisation, engine, label = $"{role} scenario key" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return new Actor(body.GetProperty("id").GetString()!, app.WithKey(body.GetProperty("key").GetString()!));
    }

    public static Task<HttpResponseMessage> PostRequestAsync(this HttpClient rightsHolder, string rulingId, params string[] urls) =>
        rightsHolder.PostAsJsonAsync("/v1/requests", new { rulingId, clientReference = $"scenario-{Guid.NewGuid():N}", urls });

    /// <summary>Submits a request that must be accepted and returns its body.</summary>
    public static async Task<JsonElement> SubmitAsync(this HttpClient rightsHolder, string rulingId, params string[] urls)
    {
        var response = await rightsHolder.PostRequestAsync(rulingId, urls);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Submitting failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>`count` distinct URLs on allostreaming.com, numbered from `from`.</summary>
    public static string[] Urls(int count, int from = 1) =>
        Enumerable.Range(from, count).Select(i => $"https://www.allostreaming.com/film/{i}").ToArray();

    /// <summary>Every item of a liaison's queue, following `next` to the end.</summary>
    public static async Task<List<JsonElement>> QueueAsync(this HttpClient client, string engine, string? status = null, int limit = 1000)
    {
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await client.QueuePageAsync(engine, status, limit, after);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        return items;
    }

    public static async Task<JsonElement> QueuePageAsync(this HttpClient client, string engine, string? status = null, int limit = 100,
        string? after = null)
    {
        var query = $"?limit={limit}" + (status is null ? "" : $"&status={status}") + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        var response = await client.GetAsync($"/v1/engines/{engine}/items{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Reading the {engine} queue failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The items of one engine, by id, as an admin reads them now.</summary>
    public static async Task<Dictionary<string, JsonElement>> ItemsByIdAsync(this DelistingApp app, string engine) =>
        (await app.Admin().QueueAsync(engine)).ToDictionary(i => i.GetProperty("id").GetString()!);

    public static async Task<JsonElement> ItemAsync(this DelistingApp app, string engine, string itemId) =>
        (await app.ItemsByIdAsync(engine))[itemId];

    /// <summary>The ids of a request's items for one engine, in the order of the request's URLs.</summary>
    public static async Task<List<string>> ItemIdsAsync(this DelistingApp app, JsonElement request, string engine)
    {
        var id = request.GetProperty("id").GetString();
        var response = await app.Admin().GetAsync($"/v1/requests/{id}/items?engine={engine}&limit=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var byNotice = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("noticeId").GetString()!, i => i.GetProperty("id").GetString()!);
        return request.GetProperty("urls").EnumerateArray().Select(u => byNotice[u.GetProperty("noticeId").GetString()!]).ToList();
    }

    public static object Acknowledge(string itemId) => new { itemId, status = "acknowledged" };
    public static object Delist(string itemId, string? engineReference = null) => new { itemId, status = "delisted", engineReference };
    public static object Reject(string itemId, string reason = "URL not in our index", string reasonCode = "not-in-index") =>
        new { itemId, status = "rejected", reasonCode, reason };
    public static object Report(string itemId, string status) => status switch
    {
        "rejected" => Reject(itemId),
        _ => new { itemId, status },
    };

    public static Task<HttpResponseMessage> WithdrawAsync(this HttpClient rightsHolder, string requestId, string reason, params string[] urls) =>
        rightsHolder.PostAsJsonAsync($"/v1/requests/{requestId}/withdrawals", new { urls, reason });

    public static Task<HttpResponseMessage> WithdrawUnderRulingAsync(this HttpClient admin, string rulingId, string reason, params string[] urls) =>
        admin.PostAsJsonAsync($"/v1/rulings/{rulingId}/withdrawals", new { urls, reason });

    /// <summary>A withdrawal that must be accepted; returns the 200 body.</summary>
    public static async Task<JsonElement> WithdrawOkAsync(this HttpClient rightsHolder, string requestId, string reason, params string[] urls) =>
        await OkAsync(await rightsHolder.WithdrawAsync(requestId, reason, urls), "Withdrawing");

    public static async Task<JsonElement> WithdrawUnderRulingOkAsync(this HttpClient admin, string rulingId, string reason, params string[] urls) =>
        await OkAsync(await admin.WithdrawUnderRulingAsync(rulingId, reason, urls), "Withdrawing under the ruling");

    public static object Relist(string itemId) => new { itemId, status = "relisted" };

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> RespondAsync(this HttpClient liaison, string engine, params object[] responses) =>
        liaison.PostAsJsonAsync($"/v1/engines/{engine}/responses", new { responses });

    /// <summary>Reports a batch that must be accepted; returns the 200 body.</summary>
    public static async Task<JsonElement> RespondOkAsync(this HttpClient liaison, string engine, params object[] responses)
    {
        var response = await liaison.RespondAsync(engine, responses);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Reporting failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The whole audit trail of a request, following `next` to the end.</summary>
    public static async Task<List<JsonElement>> EventsAsync(this HttpClient client, string requestId, int limit = 1000)
    {
        var events = new List<JsonElement>();
        string? after = null;
        do
        {
            var response = await client.GetAsync($"/v1/requests/{requestId}/events?limit={limit}"
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            events.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        return events;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
