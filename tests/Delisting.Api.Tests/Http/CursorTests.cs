using System.Buffers.Text;
using System.Text;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Http;

/// <summary>Cursors are the service's own: a made-up or altered one is a 400, a real one survives a restart.</summary>
public sealed class CursorTests
{
    private const string Ruling = "test-ruling-in-force";

    private static string B64(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    [Theory]
    [InlineData("/v1/organisations/apc/changes", "1:99999")]
    [InlineData("/v1/organisations/apc/changes", "0:-1")]
    [InlineData("/v1/requests/{request}/items", "999999999")]
    [InlineData("/v1/requests/{request}/items", "1:google")]
    [InlineData("/v1/requests/{request}/events", "1")]
    [InlineData("/v1/requests", "1")]
    [InlineData("/v1/webhooks", "1")]
    public async Task A_cursor_made_up_from_a_position_is_400(string path, string position)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync(Ruling, "https://www.allostreaming.com/film/1");
        path = path.Replace("{request}", request.Str("id"));
        var problem = await (await apc.GetAsync($"{path}?after={B64(position)}")).AssertProblemAsync(400);
        Assert.Contains("cursor", problem.Str("detail"));
    }

    [Theory]
    [InlineData("/v1/requests/{request}/items")]
    [InlineData("/v1/requests")]
    [InlineData("/v1/organisations/apc/changes")]
    public async Task A_cursor_the_service_returned_but_altered_is_400(string path)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync(Ruling, "https://www.allostreaming.com/film/1", "https://www.allostreaming.com/film/2");
        await apc.SubmitAsync(Ruling, "https://www.allostreaming.com/film/3");
        path = path.Replace("{request}", request.Str("id"));
        var next = (await apc.GetJsonAsync($"{path}?limit=1")).Str("next");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await apc.GetAsync($"{path}?limit=1&after={next}")).StatusCode);
        var altered = (next[0] == 'A' ? 'B' : 'A') + next[1..];
        foreach (var after in new[] { altered, next + "=", next + "==", next[..3] + "%20" + next[3..], "%20" + next, next + "%20", next[..^1] })
        {
            await (await apc.GetAsync($"{path}?limit=1&after={after}")).AssertProblemAsync(400);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a configured cursor key")]
    public async Task A_cursor_still_pages_after_a_restart(string? configuredKey)
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-cursor-{Guid.NewGuid():N}.db");
        var settings = configuredKey is null ? new Dictionary<string, string>() : new() { ["Cursors:Key"] = configuredKey };
        try
        {
            string next, requestId;
            await using (var first = new DelistingApp(databasePath: path, extraSettings: settings))
            {
                await first.CreateRulingInForceAsync();
                var apc = await first.RightsHolderAsync("apc");
                requestId = (await apc.SubmitAsync(Ruling, "https://www.allostreaming.com/film/1", "https://www.allostreaming.com/film/2")).Str("id");
                next = (await apc.GetJsonAsync($"/v1/requests/{requestId}/items?limit=1")).Str("next");
            }
            await using (var second = new DelistingApp(databasePath: path, extraSettings: settings))
            {
                var apc = await second.RightsHolderAsync("apc");
                var page = await apc.GetJsonAsync($"/v1/requests/{requestId}/items?limit=1&after={next}");
                Assert.Equal(1, page.GetProperty("items").GetArrayLength());
            }
            await using (var other = new DelistingApp(databasePath: path, extraSettings: new Dictionary<string,
                string> { ["Cursors:Key"] = "another key" }))
            {
                var apc = await other.RightsHolderAsync("apc");
                await (await apc.GetAsync($"/v1/requests/{requestId}/items?limit=1&after={next}")).AssertProblemAsync(400);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }
    }
}
