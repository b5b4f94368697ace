using System.Net.Http.Headers;
using System.Text;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Http;

/// <summary>
/// Every endpoint × every kind of caller × several bodies, through the real pipeline. A caller without the right
/// to an endpoint gets its 401/403/404 whatever it sends (malformed JSON, no body, another content type, a body
/// too large), and a refused write changes nothing; a caller with the right gets the body's own answer.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    public enum Kind { None, Revoked, Admin, Plaintiff, OtherOrganisation, OwnEngine, OtherEngine }

    public enum Body { Valid, Malformed, Empty, WrongContentType, TooLarge }

    private const string RulingId = "matrix-ruling";

    /// <summary>
    /// The documented status of a valid call per kind of caller. `mayUse` says whether the caller has the right to
    /// the endpoint itself: with it, a bad body gets the body's own answer; without it, the same refusal as a valid one.
    /// </summary>
    private sealed record Endpoint(string Method, string Path, Func<Kind, int> Valid, Func<Kind, bool>? MayUse = null, long BodyLimit = 1024 * 1024)
    {
        public bool HasBody => Method is "POST";
        public bool CanUse(Kind kind) => MayUse?.Invoke(kind) ?? Valid(kind) is >= 200 and < 300;
    }

    private static int Anyone(Kind k) => k is Kind.None or Kind.Revoked ? 401 : 200;
    private static int AdminOnly(Kind k, int ok) => k switch { Kind.None or Kind.Revoked => 401, Kind.Admin => ok, _ => 403 };

    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_documented_whatever_the_body()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(RulingId, engines: ["google", "bing"], plaintiffs: ["apc"]);
        var callers = new Dictionary<Kind, HttpClient?>
        {
            [Kind.None] = null,
            [Kind.Admin] = app.Admin(),
            [Kind.Plaintiff] = await app.RightsHolderAsync("apc"),
            [Kind.OtherOrganisation] = await app.RightsHolderAsync("sevn"),
            [Kind.OwnEngine] = await app.LiaisonAsync("google"),
            [Kind.OtherEngine] = await app.LiaisonAsync("orange"),
        };
        var revoked = await app.ActorAsync("rights-holder", organisation: "apc");
        Assert.Equal(204, (int)(await app.Admin().DeleteAsync($"/v1/api-keys/{revoked.KeyId}")).StatusCode);
        callers[Kind.Revoked] = revoked.Client;

        var request = await callers[Kind.Plaintiff]!.SubmitAsync(RulingId, Scenario.Urls(2));
        var requestId = request.Str("id");
        var itemId = (await app.ItemIdsAsync(request, "google"))[0];

        var capture = "<html>matrix capture</html>"u8.ToArray();
        var sha = Evidence.EvidenceTests.Sha(capture);
        Assert.Equal(201, (int)(await Evidence.EvidenceTests.PutAsync(callers[Kind.Plaintiff]!, sha, capture)).StatusCode);

        var next = 0;
        string Unique(string prefix) => $"{prefix}-{++next}";
        var endpoints = new (Endpoint Endpoint, Func<Task<string>>? ValidBody, Func<Task<string>>? PathFor)[]
        {
            (new("GET", "/v1/engines", Anyone), null, null),
            (new("GET", "/v1/engines/google/items", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.Admin or Kind.OwnEngine => 200, _ => 403,
            }), null, null),
            (new("POST", "/v1/engines/google/responses", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.Admin or Kind.OwnEngine => 200, _ => 403,
            }, BodyLimit: 4 * 1024 * 1024), () => Task.FromResult($$"""{ "responses": [ { "itemId": "{{itemId}}", "status": "acknowledged" } ] }"""),
                null),
            (new("GET", "/v1/engines/no-such-engine/items", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.Admin => 404, Kind.OwnEngine or Kind.OtherEngine => 403, _ => 403,
            }), null, null),
            (new("GET", "/v1/organisations", Anyone), null, null),
            (new("GET", "/v1/organisations/apc", Anyone), null, null),
            (new("POST", "/v1/organisations", k => AdminOnly(k, 201)),
                () => Task.FromResult($$"""{ "id": "{{Unique("org")}}", "name": "An organisation" }"""), null),
            (new("GET", "/v1/rulings", Anyone), null, null),
            (new("GET", $"/v1/rulings/{RulingId}", k => k == Kind.OtherEngine ? 404 : Anyone(k)), null, null),
            (new("POST", "/v1/rulings", k => AdminOnly(k, 201)), () => Task.FromResult(RulingBody(Unique("ruling"))), null),
            (new("GET", $"/v1/rulings/{RulingId}/compliance", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.OtherEngine => 404, Kind.OtherOrganisation => 403, _ => 200,
            }), null, null),
            // Public answers: no key needed, and any key (even a revoked one) is answered the same.
            (new("GET", "/v1/transparency/rulings", _ => 200), null, null),
            (new("GET", $"/v1/transparency/rulings/{RulingId}/months", _ => 200), null, null),
            (new("GET", "/transparency", _ => 200), null, null),
            (new("GET", $"/v1/rulings/{RulingId}/lumen", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.Admin or Kind.Plaintiff => 200, Kind.OtherEngine => 404, _ => 403,
            }), null, null),
            // Any rights holder may submit; whether under this ruling depends on the body (its rulingId), so the other
            // organisation's malformed body is a 400 and its valid one a 403.
            (new("POST", "/v1/requests", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.Plaintiff => 201, _ => 403,
            }, MayUse: k => k is Kind.Plaintiff or Kind.OtherOrganisation, BodyLimit: 24 * 1024 * 1024),
                () => Task.FromResult($$"""{ "rulingId": "{{RulingId}}", "urls": [ "https://www.allostreaming.com/{{Unique("film")}}" ] }"""), null),
            (new("GET", "/v1/requests", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.OwnEngine or Kind.OtherEngine => 403, _ => 200,
            }), null, null),
            (new("GET", $"/v1/requests/{requestId}", OwnRequest), null, null),
            (new("GET", $"/v1/requests/{requestId}/items", OwnRequest), null, null),
            (new("GET", $"/v1/requests/{requestId}/events", OwnRequest), null, null),
            (new("POST", "/v1/api-keys", k => AdminOnly(k, 201)),
                () => Task.FromResult("""{ "role": "engine", "engine": "yahoo", "label": "matrix" }"""), null),
            (new("GET", "/v1/api-keys", k => AdminOnly(k, 200)), null, null),
            (new("DELETE", "/v1/api-keys/{id}", k => AdminOnly(k, 204)), null,
                async () => $"/v1/api-keys/{(await app.ActorAsync("engine", engine: "yahoo")).KeyId}"),
            (new("GET", "/v1/protected-hosts", Anyone), null, null),
            // A capture no request or report cites: its uploader's organisation and admins read it, nobody else learns it exists.
            (new("GET", $"/v1/evidence/{sha}", k => k switch
            {
                Kind.None or Kind.Revoked => 401, Kind.Admin or Kind.Plaintiff => 200, _ => 404,
            }), null, null),
            (new("POST", "/v1/protected-hosts", k => AdminOnly(k, 201)),
                () => Task.FromResult($$"""{ "host": "{{Unique("files")}}.shared.example", "reason": "Shared host", "withdrawOpenItems": true }"""),
                    null),
            (new("DELETE", "/v1/protected-hosts/{id}", k => AdminOnly(k, 204)), null, async () =>
            {
                var created = await app.Admin().PostAsync("/v1/protected-hosts",
                    HttpAssertions.JsonBody($$"""{ "host": "{{Unique("gone")}}.shared.example", "reason": "Shared host" }"""));
                return $"/v1/protected-hosts/{(await created.ReadJsonAsync()).Str("id")}";
            }),
        };

        var failures = new List<string>();
        // Refused callers first, so a refused write that slipped through would show in the state read back.
        var order = new[] { Kind.None, Kind.Revoked, Kind.Plaintiff, Kind.OtherOrganisation, Kind.OwnEngine, Kind.OtherEngine, Kind.Admin };
        var cases = 0;
        foreach (var (endpoint, validBody, pathFor) in endpoints)
        {
            foreach (var kind in order.OrderBy(k => endpoint.CanUse(k)))
            {
                foreach (var body in endpoint.HasBody ? Enum.GetValues<Body>() : [Body.Valid])
                {
                    var expected = !endpoint.CanUse(kind) ? endpoint.Valid(kind) : body switch
                    {
                        Body.Valid => endpoint.Valid(kind),
                        Body.Malformed or Body.Empty => 400,
                        Body.WrongContentType => 415,
                        _ => 413,
                    };
                    var refusedWrite = endpoint.Method != "GET" && expected >= 400;
                    var path = pathFor is null ? endpoint.Path : await pathFor();
                    var before = refusedWrite ? await StateAsync(app, requestId) : null;
                    using var message = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
                    if (endpoint.HasBody) message.Content = await ContentAsync(body, validBody!, endpoint.BodyLimit);
                    var client = callers[kind] ?? app.Anonymous();
                    using var response = await client.SendAsync(message);
                    cases++;
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode != expected)
                    {
                        failures.Add($"{endpoint.Method} {endpoint.Path} as {kind} with {body} body: " +
                            $"expected {expected}, got {(int)response.StatusCode} {Trim(text)}");
                        continue;
                    }
                    if (expected >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{endpoint.Method} {endpoint.Path} as {kind} with {body} body: {expected} without a problem body");
                    }
                    if (refusedWrite && await StateAsync(app, requestId) != before)
                    {
                        failures.Add($"{endpoint.Method} {endpoint.Path} as {kind} with {body} body: " +
                            $"refused with {expected} but the stored state changed");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases differ:\n" + string.Join("\n", failures));
        Assert.True(cases > 150, $"only {cases} cases ran");
    }

    private static int OwnRequest(Kind k) => k switch
    {
        Kind.None or Kind.Revoked => 401, Kind.OwnEngine or Kind.OtherEngine => 403, Kind.OtherOrganisation => 404, _ => 200,
    };

    private static async Task<HttpContent> ContentAsync(Body body, Func<Task<string>> validBody, long limit) => body switch
    {
        Body.Valid => HttpAssertions.JsonBody(await validBody()),
        Body.Malformed => HttpAssertions.JsonBody("""{ "unterminated"""),
        Body.Empty => HttpAssertions.JsonBody(""),
        Body.WrongContentType => new StringContent(await validBody(), Encoding.UTF8, "text/plain"),
        _ => TooLarge(limit),
    };

    private static HttpContent TooLarge(long limit)
    {
        var content = new ByteArrayContent(new byte[limit + 1]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return content;
    }

    /// <summary>What a refused write could have changed, as an admin reads it.</summary>
    private static async Task<string> StateAsync(DelistingApp app, string requestId)
    {
        var admin = app.Admin();
        var parts = new List<string>();
        foreach (var path in new[] { "/v1/organisations", "/v1/rulings?limit=1000", "/v1/api-keys?limit=1000", "/v1/requests?limit=1000",
            "/v1/protected-hosts?limit=1000",
                     $"/v1/requests/{requestId}/items?limit=1000", $"/v1/requests/{requestId}/events?limit=1000" })
        {
            parts.Add((await admin.GetJsonAsync(path)).GetRawText());
        }
        return string.Join("\n", parts);
    }

    private static string RulingBody(string id) => $$"""
        { "id": "{{id}}", "court": "Tribunal judiciaire de Paris", "caseReference": "RG 26/00002",
          "decidedOn": "2026-11-19", "servedOn": "2026-11-22", "timeZone": "Europe/Paris", "complianceDays": 15,
          "inForceUntil": "2027-11-29", "plaintiffs": ["apc"], "engines": ["google"],
          "sites": [ { "domain": "{{id}}.example", "network": "Test" } ] }
        """;

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
