using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Requests;

/// <summary>
/// The body of a submission is bound from the bytes admission read, its URLs left in them; the idempotency record
/// keeps the first answer without its URLs. Both must be invisible to clients.
/// </summary>
public sealed class SubmittedBodyTests
{
    private static HttpRequestMessage Post(byte[] body, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        return message;
    }

    [Fact]
    public async Task A_body_of_many_segments_with_escapes_and_a_byte_order_mark_stores_every_url_as_sent()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        // 400 URLs of about 1,000 characters: 400 KB, so URLs straddle the 128 KiB segments the body is read into.
        var expected = Enumerable.Range(0, 400).Select(i => $"https://allostreaming.com/film/{i}?p=" + new string((char)('a' + i % 26), 950 + i % 7))
            .ToList();
        var json = new StringBuilder("\n \t{\"rulingId\": \"").Append(ruling).Append("\", \"urls\": [");
        for (var i = 0; i < expected.Count; i++)
        {
            if (i > 0) json.Append(",\n ");
            // Every seventh URL escaped as a client may write it: solidus escapes and a \u escape for its first letter.
            json.Append('"').Append(i % 7 == 3 ? "\\u0068ttps:\\/\\/" + expected[i]["https://".Length..] : expected[i]).Append('"');
        }
        json.Append("], \"clientReference\": \"séance\"}  \n");
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json.ToString())];
        Assert.True(body.Length > 3 * 128 * 1024);

        using var response = await apc.SendAsync(Post(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal(expected, created.GetProperty("urls").EnumerateArray().Select(u => u.GetProperty("url").GetString()));
        Assert.Equal("séance", created.GetProperty("clientReference").GetString());
        var stored = await apc.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal(expected, stored.GetProperty("urls").EnumerateArray().Select(u => u.GetProperty("url").GetString()));
    }

    [Theory]
    [InlineData("""{ "rulingId": "test-ruling-in-force", "urls": [ "https://allostreaming.com/1" ] } x""", null)]
    [InlineData("""{ "rulingId": "test-ruling-in-force", "urls": [ "https://allostreaming.com/1" ] } {}""", null)]
    [InlineData("""{ "rulingId": "test-ruling-in-force", "urls": [ "https://allostreaming.com/1", 5 ] }""", "urls[1]")]
    [InlineData("""{ "rulingId": "test-ruling-in-force", "urls": "https://allostreaming.com/1" }""", "urls")]
    [InlineData("""{ "rulingId": "test-ruling-in-force", "urls": [ "https://allostreaming.com/1" """, null)]
    public async Task A_malformed_body_is_400_and_stores_nothing(string json, string? path)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(json))).AssertProblemAsync(400);
        if (path is not null) Assert.Contains($"at $.{path}:", problem.Str("detail"));
        Assert.Equal("""{"items":[],"next":null}""", (await apc.GetJsonAsync("/v1/requests")).GetRawText());
    }

    [Fact]
    public async Task A_url_that_is_not_utf8_is_400_and_an_empty_body_asks_for_one()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        byte[] body = [.. Encoding.UTF8.GetBytes($"{{\"rulingId\":\"{ruling}\",\"urls\":[\"https://allostreaming.com/"), 0xC3, 0x28,
            .. "\"]}"u8.ToArray()];
        await (await apc.SendAsync(Post(body))).AssertProblemAsync(400);
        var empty = await (await apc.SendAsync(Post([]))).AssertProblemAsync(400);
        Assert.Equal("A JSON body is required.", empty.Str("detail"));
    }

    [Fact]
    public async Task A_replay_reads_the_urls_back_as_first_answered_and_the_record_keeps_no_copy_of_them()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        await apc.SubmitAsync(ruling, "https://allostreaming.com/known");
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            rulingId = ruling, urls = new[] { "https://allostreaming.com/new", "https://ALLOSTREAMING.com/known#x" },
        }));
        using var first = await apc.SendAsync(Post(body, "key-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstText = await first.Content.ReadAsStringAsync();
        // An item moves after the answer: the replay still shows the summary as first answered.
        var google = await app.LiaisonAsync("google");
        var request = JsonDocument.Parse(firstText).RootElement;
        await google.RespondOkAsync("google", Scenario.Acknowledge((await app.ItemIdsAsync(request, "google"))[0]));

        using var replay = await apc.SendAsync(Post(body, "key-1"));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstText, await replay.Content.ReadAsStringAsync());
        Assert.Contains("\"alreadyRequested\":true", firstText);

        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        var kept = await connection.QuerySingleAsync<string>("SELECT response_body FROM idempotency_records");
        Assert.DoesNotContain("allostreaming.com/new", kept);
    }
}
