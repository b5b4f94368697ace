using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Http;

/// <summary>
/// The document as integrators and their tools meet it: what is required, closed vocabularies, descriptions,
/// declared statuses and headers, and examples that the service accepts.
/// </summary>
public sealed class OpenApiPrecisionTests
{
    private static async Task<JsonObject> DocumentAsync(DelistingApp app) =>
        JsonNode.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where method.Value is JsonObject { } op && op.ContainsKey("responses")
        select (path.Key, method.Key, method.Value!.AsObject());

    private static JsonObject Schema(JsonObject document, string name) => document["components"]!["schemas"]![name]!.AsObject();

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n?.GetValue<string>() ?? "null").ToArray();

    [Fact]
    public async Task Request_bodies_require_only_what_the_service_requires()
    {
        await using var app = new DelistingApp();
        var document = await DocumentAsync(app);
        Assert.Equal(["rulingId", "urls"], Strings(Schema(document, "SubmitRequestBody")["required"]).Order());
        Assert.Equal(["itemId", "status"], Strings(Schema(document, "EngineResponse")["required"]).Order());
        Assert.Equal(["role"], Strings(Schema(document, "CreateApiKeyRequest")["required"]));
        Assert.Equal(["domain"], Strings(Schema(document, "SiteInput")["required"]));
        Assert.DoesNotContain("servedOn", Strings(Schema(document, "CreateRulingRequest")["required"]));
        Assert.DoesNotContain("note", Strings(Schema(document, "CreateRulingRequest")["required"]));
        // Required means present and not null; an optional one may be null.
        Assert.Equal("string", Schema(document, "SubmitRequestBody")["properties"]!["rulingId"]!["type"]!.GetValue<string>());
        Assert.Contains("null", Strings(Schema(document, "SubmitRequestBody")["properties"]!["clientReference"]!["type"]));
        // Responses always carry every member; null where it means "none".
        Assert.Contains("clientReference", Strings(Schema(document, "RequestContract")["required"]));
        Assert.Contains("null", Strings(Schema(document, "RequestContract")["properties"]!["clientReference"]!["type"]));
    }

    [Fact]
    public async Task Closed_vocabularies_are_enums()
    {
        await using var app = new DelistingApp();
        var document = await DocumentAsync(app);
        string[] Enum(string schema, string property) => Strings(Schema(document, schema)["properties"]![property]!["enum"]);
        Assert.Equal(["pending", "acknowledged", "delisted", "rejected", "withdrawn", "relist-pending", "relisted"], Enum("ItemContract", "status"));
        Assert.Equal(["acknowledged", "delisted", "rejected", "relisted"], Enum("EngineResponse", "status"));
        Assert.Equal(["open", "closed"], Enum("RequestContract", "state"));
        Assert.Equal(["admin", "rights-holder", "engine"], Enum("CreateApiKeyRequest", "role"));
        Assert.Equal(["admin", "rights-holder", "engine"], Enum("ApiKeyContract", "role"));
        Assert.Equal(["submitted", "status-changed", "withdrawn", "reopened"], Enum("EventContract", "type"));
        Assert.Equal(["pending", "acknowledged", "delisted", "rejected", "withdrawn", "relist-pending", "relisted", "null"], Enum("EventContract",
            "from"));
        var queue = document["paths"]!["/v1/engines/{engine}/items"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal(["pending", "acknowledged", "delisted", "rejected", "withdrawn", "relist-pending", "relisted"],
            Strings(queue.Single(p => p!["name"]!.GetValue<string>() == "status")!["schema"]!["enum"]));
        var limit = queue.Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        Assert.Equal((1, 1000, 100), (limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>(), limit["default"]!.GetValue<int>()));
        Assert.Equal("google", queue.Single(p => p!["name"]!.GetValue<string>() == "engine")!["example"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_operation_parameter_and_property_is_described()
    {
        await using var app = new DelistingApp();
        var document = await DocumentAsync(app);
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            if (string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>())) missing.Add($"{method} {path}");
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                if (string.IsNullOrWhiteSpace(parameter!["description"]?.GetValue<string>())) missing.Add($"{method} {path} ?{parameter["name"]}");
                if (parameter["in"]!.GetValue<string>() == "path"
                    && parameter["example"] is null) missing.Add($"{method} {path} {{{parameter["name"]}}} example");
            }
        }
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            foreach (var (property, value) in schema!["properties"]?.AsObject() ?? [])
            {
                if (string.IsNullOrWhiteSpace(value!["description"]?.GetValue<string>())) missing.Add($"{name}.{property}");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Instants_are_strings_in_date_time_format()
    {
        await using var app = new DelistingApp();
        var document = await DocumentAsync(app);
        var untyped = document["components"]!["schemas"]!.AsObject()
            .SelectMany(s => (s.Value!["properties"]?.AsObject() ?? []).Select(p => (Name: $"{s.Key}.{p.Key}", Schema: p.Value!)))
            .Where(p => p.Schema["format"]?.GetValue<string>() == "date-time" && p.Schema["type"] is null)
            .Select(p => p.Name);
        Assert.Empty(untyped);
        Assert.Equal("string", Schema(document, "ItemContract")["properties"]!["deadline"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Statuses_and_headers_the_service_sends_are_declared()
    {
        await using var app = new DelistingApp();
        var document = await DocumentAsync(app);
        JsonObject Responses(string path, string method) => document["paths"]![path]![method]!["responses"]!.AsObject();

        Assert.True(Responses("/v1/rulings/{rulingId}/compliance", "get").ContainsKey("403"));
        Assert.True(Responses("/v1/organisations", "post").ContainsKey("413"));
        Assert.True(Responses("/v1/api-keys", "post").ContainsKey("413"));
        Assert.Equal("#/components/schemas/ValidationProblem",
            Responses("/v1/engines/{engine}/responses",
                "post")["409"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        var created = Responses("/v1/requests", "post")["201"]!["headers"]!.AsObject();
        Assert.True(created.ContainsKey("Location"));
        Assert.True(created.ContainsKey("Idempotent-Replayed"));
        Assert.True(Responses("/v1/engines", "get")["429"]!["headers"]!.AsObject().ContainsKey("Retry-After"));
        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (status == "201") Assert.True(response!["headers"]?["Location"] is not null, $"{method} {path} 201 without Location");
                if (method == "head" && status is "400" or "404")
                {
                    Assert.True(response!["content"] is null, $"{method} {path} {status} promises a body a HEAD answer cannot have");
                }
                else if (status[0] is '4' or '5')
                {
                    Assert.True(response!["content"]?["application/problem+json"] is not null, $"{method} {path} {status} is not a problem");
                }
            }
        }
        Assert.False(Schema(document, "Problem")["properties"]!.AsObject().ContainsKey("instance"));
    }

    [Fact]
    public async Task The_document_names_servers_contact_license_and_describes_every_tag()
    {
        await using var app = new DelistingApp();
        var document = await DocumentAsync(app);
        Assert.NotNull(document["info"]!["contact"]);
        Assert.NotNull(document["info"]!["license"]!["url"]);
        var described = document["tags"]!.AsArray().Where(t => !string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>()))
            .Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var tag in operation["tags"]!.AsArray()) Assert.True(described.Contains(tag!.GetValue<string>()),
                $"{method} {path}: tag {tag} has no description");
        }
    }

    /// <summary>
    /// A person in Swagger UI, in Development, on a fresh start, authorizes with a demo key that may use the endpoint
    /// and executes each operation that has a pre-filled body or path parameters, as pre-filled: the demo scenario
    /// seeded at start-up gives every id an example names, so each answers 2xx at once (Swagger UI never reloads).
    /// </summary>
    [Fact]
    public async Task In_development_every_prefilled_operation_answers_2xx_from_a_fresh_start()
    {
        await using var app = new DelistingApp(environment: "Development");
        string[] keys = [DelistingApp.AdminKey, "dev-apc-key", "dev-google-key"];
        var document = await DocumentAsync(app);
        var failures = new List<string>();
        var executed = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            var parameters = operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "path").ToList() ?? [];
            if (operation["requestBody"] is null && parameters.Count == 0) continue;
            // A body of bytes (PUT /v1/evidence/{sha256}) is chosen as a file in Swagger UI: nothing to pre-fill.
            if (operation["requestBody"] is { } bytes && bytes["content"]?["application/json"] is null) continue;
            var url = parameters.Aggregate(path, (u, p) => u.Replace($"{{{p!["name"]}}}", p["example"]?.GetValue<string>() ?? "no-example"));
            var example = operation["requestBody"]?["content"]?["application/json"]?["example"]?.ToJsonString();
            if (operation["requestBody"] is not null && example is null)
            {
                failures.Add($"{method} {path}: the request body has no example");
                continue;
            }
            executed++;
            var answered = false;
            foreach (var key in keys)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                if (example is not null) request.Content = new StringContent(example, Encoding.UTF8, "application/json");
                var response = await app.WithKey(key).SendAsync(request);
                if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) continue;
                answered = true;
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                break;
            }
            if (!answered) failures.Add($"{method} {url}: no demo key may use it");
        }
        Assert.True(executed >= 20, $"only {executed} operations with a pre-filled body or path parameters");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_demo_ruling_is_in_force_relative_to_the_clock_in_development_only()
    {
        var now = new DateTimeOffset(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var development = new DelistingApp(now: now, environment: "Development"))
        {
            var ruling = await development.Admin().GetFromJsonAsync<JsonObject>("/v1/rulings/demo-ruling-in-force");
            Assert.True(ruling!["inForce"]!.GetValue<bool>());
            Assert.Equal("2031-02-19", ruling["decidedOn"]!.GetValue<string>());
            Assert.Equal("2032-03-01", ruling["inForceUntil"]!.GetValue<string>());
        }
        await using var other = new DelistingApp(now: now, environment: "Production");
        var response = await other.Admin().GetAsync("/v1/rulings/demo-ruling-in-force");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
