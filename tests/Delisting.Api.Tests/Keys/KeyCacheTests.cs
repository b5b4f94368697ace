using System.Net;
using System.Net.Http.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Keys;

/// <summary>Valid keys are cached by hash; how long a revocation takes to reach each instance.</summary>
public sealed class KeyCacheTests
{
    [Fact]
    public async Task A_key_revoked_through_one_instance_is_refused_there_at_once_and_by_another_within_the_bound()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-test-{Guid.NewGuid():N}.db");
        try
        {
            await using var first = new DelistingApp(path);
            await using var second = new DelistingApp(path, extraSettings: new Dictionary<string, string> { ["Auth:KeyCacheSeconds"] = "2" });
            var created = await (await first.Admin().PostAsJsonAsync("/v1/api-keys", new { role = "engine", engine = "google" })).ReadJsonAsync();
            var onFirst = first.WithKey(created.Str("key"));
            var onSecond = second.WithKey(created.Str("key"));
            Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/v1/rulings")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/v1/rulings")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await first.Admin().DeleteAsync($"/v1/api-keys/{created.Str("id")}")).StatusCode);
            await (await onFirst.GetAsync("/v1/rulings")).AssertProblemAsync(401);

            // The second instance still holds the key it read, for at most Auth:KeyCacheSeconds of its clock.
            second.Time.Advance(TimeSpan.FromSeconds(1.9));
            Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/v1/rulings")).StatusCode);
            second.Time.Advance(TimeSpan.FromSeconds(0.1));
            await (await onSecond.GetAsync("/v1/rulings")).AssertProblemAsync(401);
            second.Time.Advance(TimeSpan.FromSeconds(10));
            await (await onSecond.GetAsync("/v1/rulings")).AssertProblemAsync(401);
        }
        finally
        {
            HttpAssertions.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task A_key_is_not_refused_for_having_been_unknown_and_the_bootstrap_key_still_works()
    {
        await using var app = new DelistingApp();
        await (await app.WithKey("dlk_not-yet-a-key").GetAsync("/v1/rulings")).AssertProblemAsync(401);
        var secret = await app.CreateKeyAsync("rights-holder", organisation: "apc");
        Assert.Equal(HttpStatusCode.OK, (await app.WithKey(secret).GetAsync("/v1/rulings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync("/v1/api-keys")).StatusCode);
        await (await app.WithKey(DelistingApp.AdminKey + "x").GetAsync("/v1/api-keys")).AssertProblemAsync(401);
    }
}
