using System.Text.RegularExpressions;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Transparency;

/// <summary>The public answers never reveal what organisations asked for, under which request, or with which key.</summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task No_public_answer_contains_a_submitted_url_a_key_or_an_id_of_a_request_notice_or_item()
    {
        var (app, apc, google) = await PublicFiguresTests.TwoMonthsAsync();
        await using var owned = app;
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");
        var urls = Urls(6).Append("https://www.allostreaming.com/secret/path?q=1").ToList();
        var request = await fndf.Client.SubmitAsync("public-ruling", urls[^1]);

        var secrets = new List<string>(urls) { apc.KeyId, google.KeyId, fndf.KeyId, DelistingApp.AdminKey, request.Str("id") };
        var keys = await app.Admin().GetJsonAsync("/v1/api-keys?limit=1000");
        foreach (var key in keys.GetProperty("items").EnumerateArray()) secrets.Add(key.Str("id"));
        foreach (var url in request.GetProperty("urls").EnumerateArray()) secrets.Add(url.Str("noticeId"));
        foreach (var requestEntry in (await app.Admin().GetJsonAsync("/v1/requests?limit=1000")).GetProperty("items").EnumerateArray())
        {
            secrets.Add(requestEntry.Str("id"));
            secrets.Add(requestEntry.Str("clientReference"));
            var items = await app.Admin().GetJsonAsync($"/v1/requests/{requestEntry.Str("id")}/items?limit=1000");
            foreach (var item in items.GetProperty("items").EnumerateArray()) secrets.AddRange([item.Str("id"), item.Str("noticeId")]);
        }
        // URLs also as the page would escape them, and their paths alone.
        secrets.AddRange(urls.Select(u => new Uri(u).PathAndQuery).Where(p => p.Length > 1));
        secrets.AddRange(urls.Select(u => System.Net.WebUtility.HtmlEncode(u)!));

        var answers = new Dictionary<string, string>();
        foreach (var path in new[] { "/v1/transparency/rulings?limit=1000", "/v1/transparency/rulings/public-ruling/months", "/transparency" })
        {
            foreach (var (who, client) in new[] { ("anyone", app.Anonymous()), ("apc", apc.Client), ("an admin", app.Admin()) })
            {
                answers[$"{path} as {who}"] = await client.GetStringAsync(path);
            }
        }

        Assert.True(secrets.Count > 40, $"only {secrets.Count} secrets");
        var leaks = from answer in answers from secret in secrets.Distinct()
                    where answer.Value.Contains(secret, StringComparison.OrdinalIgnoreCase) select $"{answer.Key} shows '{secret}'";
        Assert.Empty(leaks);
        // Nothing that looks like an id of this service either (req_, ntc_, itm_, key ids).
        Assert.All(answers.Values, a => Assert.DoesNotMatch(new Regex(@"\b(req|ntc|itm|key|evt)_[0-9a-z]{6,}"), a));
    }
}
