using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Evidence;

public sealed class EvidenceTests
{
    internal static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static Task<HttpResponseMessage> PutAsync(HttpClient client, string sha256, byte[] bytes, string mediaType = "text/html")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return client.PutAsync($"/v1/evidence/{sha256}", content);
    }

    private static readonly byte[] Capture = "<html><body>Same catalogue, same layout.</body></html>"u8.ToArray();

    [Fact]
    public async Task Admins_and_the_uploaders_organisation_read_a_capture_and_everyone_else_gets_404()
    {
        await using var app = new DelistingApp();
        var sha = Sha(Capture);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(await app.RightsHolderAsync("apc"), sha, Capture)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.RightsHolderAsync("apc")).GetAsync($"/v1/evidence/{sha}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync($"/v1/evidence/{sha}")).StatusCode);
        await (await (await app.RightsHolderAsync("fndf")).GetAsync($"/v1/evidence/{sha}")).AssertProblemAsync(404);
        await (await (await app.LiaisonAsync("google")).GetAsync($"/v1/evidence/{sha}")).AssertProblemAsync(404);
        await (await app.Anonymous().GetAsync($"/v1/evidence/{sha}")).AssertProblemAsync(401);
        await (await PutAsync(await app.LiaisonAsync("google"), sha, Capture)).AssertProblemAsync(403);
    }

    [Fact]
    public async Task A_head_of_a_capture_never_stored_or_not_visible_is_404_without_a_body()
    {
        await using var app = new DelistingApp();
        var sha = Sha(Capture);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(await app.RightsHolderAsync("apc"), sha, Capture)).StatusCode);

        foreach (var (client, path) in new[]
        {
            (app.Admin(), $"/v1/evidence/{new string('1', 64)}"), (await app.RightsHolderAsync("fndf"), $"/v1/evidence/{sha}"),
        })
        {
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        var visible = await app.Admin().SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/evidence/{sha}"));
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        Assert.Equal(Capture.Length, visible.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("abc")]
    [InlineData("zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0800")]
    public async Task A_path_that_is_not_64_lowercase_hex_digits_is_400(string path)
    {
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync();
        await (await PutAsync(apc, path, Capture)).AssertProblemAsync(400);
        await (await apc.GetAsync($"/v1/evidence/{path}")).AssertProblemAsync(400);
    }

    [Theory]
    [InlineData("AzureBlob", "Evidence:ConnectionString")]
    [InlineData("S3", "Evidence:Provider 'S3'")]
    public async Task A_misconfigured_store_fails_the_start_with_the_setting_to_fix(string provider, string named)
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Evidence:Provider"] = provider });
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(named, failure.ToString());
    }

    [Fact]
    public async Task A_body_declared_longer_than_the_limit_is_413_before_it_is_read()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Evidence:MaxBytes"] = "1000" });
        var apc = await app.RightsHolderAsync();
        var big = new byte[1001];
        await (await PutAsync(apc, Sha(big), big)).AssertProblemAsync(413);
        await (await app.Admin().GetAsync($"/v1/evidence/{Sha(big)}")).AssertProblemAsync(404);
        var fits = new byte[1000];
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(apc, Sha(fits), fits)).StatusCode);
    }
}
