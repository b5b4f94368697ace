using System.Net;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Transparency;

/// <summary>The public answers' cache (ETag, at most 60 s) and their throttle per client address.</summary>
public sealed class PublicAnswersTests
{
    private const string Ruling = "public-ruling";
    private const string AddressHeader = "X-Test-Client-Address";

    [Fact]
    public async Task An_answer_is_served_from_the_cache_with_its_etag_and_an_etag_held_gets_304()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(Ruling);
        var apc = await app.RightsHolderAsync();
        var path = $"/v1/transparency/rulings/{Ruling}/months";
        var anonymous = app.Anonymous();

        using var first = await anonymous.GetAsync(path);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());

        // A new request changes the figures, but the cached answer stands (for at most 60 s), to every caller.
        await apc.SubmitAsync(Ruling, Urls(3));
        using var cached = await app.WithKey("not-a-key").GetAsync(path);
        Assert.Equal(body, await cached.Content.ReadAsStringAsync());
        Assert.NotNull(cached.Headers.Age);
        Assert.Equal(etag, cached.Headers.ETag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await anonymous.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // Another query is another answer: the three URLs show, with another tag.
        using var other = await anonymous.GetAsync(path + "?fresh=1");
        Assert.Contains("\"urlsRequested\":3", await other.Content.ReadAsStringAsync());
        Assert.NotEqual(etag, other.Headers.ETag);
    }

    [Fact]
    public async Task Without_a_cache_an_etag_held_still_gets_304()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Transparency:CacheSeconds"] = "0" });
        await app.CreateRulingInForceAsync(Ruling);
        using var first = await app.Anonymous().GetAsync("/v1/transparency/rulings");
        Assert.Null(first.Headers.Age);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/v1/transparency/rulings");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await app.Anonymous().SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Null(second.Headers.Age);
    }

    [Fact]
    public async Task A_client_that_hammers_gets_429_per_address_and_keyed_callers_are_not_slowed()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
        {
            ["RateLimiting:PermitsPerSecond"] = "1000",
            ["RateLimiting:Burst"] = "1000",
            ["RateLimiting:PublicPermitsPerMinute"] = "1",
            ["RateLimiting:PublicBurst"] = "3",
        })
        {
            ConfigureTestServices = services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>(),
        };
        await app.CreateRulingInForceAsync(Ruling);
        var google = await app.LiaisonAsync("google");
        HttpRequestMessage From(string address, string path = "/v1/transparency/rulings")
        {
            var message = new HttpRequestMessage(HttpMethod.Get, path);
            message.Headers.Add(AddressHeader, address);
            return message;
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await app.Anonymous().SendAsync(From("203.0.113.7"))).StatusCode);
        using var refused = await app.Anonymous().SendAsync(From("203.0.113.7", "/transparency"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await refused.AssertProblemAsync(429);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        // The same address with a valid key, and another address, are answered at once.
        Assert.Equal(HttpStatusCode.OK, (await google.SendAsync(From("203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await google.SendAsync(From("203.0.113.7", "/v1/engines/google/items"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().SendAsync(From("198.51.100.2"))).StatusCode);
        // A key that is not valid does not escape the address's bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.WithKey("made-up").SendAsync(From("203.0.113.7"))).StatusCode);
    }

    /// <summary>The test server has no client address: this sets it from a header, before anything else runs.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address!);
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
