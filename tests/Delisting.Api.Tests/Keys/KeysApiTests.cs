using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Keys;

public sealed class KeysApiTests
{
    public static TheoryData<string, string?, string?> EachRole => new()
    {
        { "admin", null, null },
        { "rights-holder", "apc", null },
        { "engine", null, "bing" },
    };

    [Theory]
    [MemberData(nameof(EachRole))]
    public async Task An_admin_creates_a_key_of_each_role_shown_once_and_it_works(string role, string? organisation, string? engine)
    {
        await using var app = new DelistingApp();
        var response = await app.Admin().PostAsJsonAsync("/v1/api-keys", new { role, organisation, engine, label = "  crawler  " });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("key").GetString()!;
        Assert.Equal($"/v1/api-keys/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(role, created.GetProperty("role").GetString());
        Assert.Equal(organisation, created.GetProperty("organisation").GetString());
        Assert.Equal(engine, created.GetProperty("engine").GetString());
        Assert.Equal("crawler", created.GetProperty("label").GetString());
        Assert.True(secret.Length >= 32);

        var listed = await app.Admin().GetStringAsync("/v1/api-keys");
        Assert.DoesNotContain(secret, listed);
        var entry = Assert.Single(JsonDocument.Parse(listed).RootElement.GetProperty("items").EnumerateArray(),
            k => k.GetProperty("id").GetString() == id);
        Assert.False(entry.TryGetProperty("key", out _));
        Assert.False(entry.TryGetProperty("keyHash", out _));
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await app.WithKey(secret).GetAsync("/v1/engines")).StatusCode);
    }

    [Fact]
    public async Task Only_a_hash_of_the_key_is_stored()
    {
        await using var app = new DelistingApp();
        var secret = await app.CreateKeyAsync("admin");
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_hash FROM api_keys";
        var stored = Assert.IsType<byte[]>(await command.ExecuteScalarAsync());
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), stored);
        Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(stored));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request()
    {
        await using var app = new DelistingApp();
        var created = await (await app.Admin().PostAsJsonAsync("/v1/api-keys", new { role = "engine", engine = "google" })).ReadJsonAsync();
        var liaison = app.WithKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await liaison.GetAsync("/v1/rulings")).StatusCode);

        var revoke = await app.Admin().DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        await (await liaison.GetAsync("/v1/rulings")).AssertProblemAsync(401);
        var listed = await (await app.Admin().GetAsync("/v1/api-keys")).ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("items")[0].GetProperty("revokedAt").ValueKind);

        // Revoking again is harmless.
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().DeleteAsync("/v1/api-keys/key_000000000000000000000000")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("""{ "role": "rights-holder" }""", "organisation")]
    [InlineData("""{ "role": "rights-holder", "organisation": "apc", "engine": "google" }""", "engine")]
    [InlineData("""{ "role": "engine" }""", "engine")]
    [InlineData("""{ "role": "engine", "engine": "google", "organisation": "apc" }""", "organisation")]
    [InlineData("""{ "role": "admin", "organisation": "apc" }""", "organisation")]
    [InlineData("""{ "role": "admin", "engine": "google" }""", "engine")]
    [InlineData("""{ "role": "superuser" }""", "role")]
    [InlineData("""{ }""", "role")]
    [InlineData("""{ "role": "rights-holder", "organisation": "nobody" }""", "organisation")]
    [InlineData("""{ "role": "engine", "engine": "altavista" }""", "engine")]
    public async Task A_key_whose_role_and_binding_do_not_fit_is_422(string json, string errorKey)
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsync("/v1/api-keys", HttpAssertions.JsonBody(json))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), problem.ToString());
        var listed = await (await app.Admin().GetAsync("/v1/api-keys")).ReadJsonAsync();
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Rights_holder_and_engine_keys_get_403_on_api_keys()
    {
        await using var app = new DelistingApp();
        foreach (var client in new[] { await app.RightsHolderAsync("apc"), await app.LiaisonAsync("google") })
        {
            await (await client.GetAsync("/v1/api-keys")).AssertProblemAsync(403);
            await (await client.PostAsJsonAsync("/v1/api-keys", new { role = "admin" })).AssertProblemAsync(403);
            await (await client.DeleteAsync("/v1/api-keys/key_x")).AssertProblemAsync(403);
        }
    }

    [Fact]
    public async Task A_key_created_by_a_created_admin_key_works()
    {
        await using var app = new DelistingApp();
        var admin = app.WithKey(await app.CreateKeyAsync("admin"));
        var response = await admin.PostAsJsonAsync("/v1/api-keys", new { role = "rights-holder", organisation = "fndf" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The new key acts as a rights holder of fndf: it reads its organisation's requests and may not manage keys.
        var fndf = app.WithKey((await response.ReadJsonAsync()).Str("key"));
        Assert.Equal(HttpStatusCode.OK, (await fndf.GetAsync("/v1/requests")).StatusCode);
        await (await fndf.PostAsJsonAsync("/v1/api-keys", new { role = "admin" })).AssertProblemAsync(403);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("dev-admin-key")]
    public async Task A_missing_or_unknown_key_is_401_with_www_authenticate(string? key)
    {
        await using var app = new DelistingApp();
        var client = app.Anonymous();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/rulings");
        if (key is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        var response = await client.SendAsync(request);
        var problem = await response.AssertProblemAsync(401);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
        if (!string.IsNullOrEmpty(key)) Assert.DoesNotContain(key, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Keys_are_paged()
    {
        await using var app = new DelistingApp();
        for (var i = 0; i < 3; i++) await app.CreateKeyAsync("admin");
        var first = await (await app.Admin().GetAsync("/v1/api-keys?limit=2")).ReadJsonAsync();
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var next = first.GetProperty("next").GetString();
        var second = await (await app.Admin().GetAsync($"/v1/api-keys?limit=2&after={next}")).ReadJsonAsync();
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        await (await app.Admin().GetAsync("/v1/api-keys?after=bm90LWEtbnVtYmVy")).AssertProblemAsync(400);
    }
}
