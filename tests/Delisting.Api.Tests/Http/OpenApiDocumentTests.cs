using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Http;

/// <summary>
/// The committed api-spec/openapi.json is the contract's machine-readable form: it must equal the live document.
/// After an intended change, regenerate it with `UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests`.
/// </summary>
public sealed class OpenApiDocumentTests
{
    // Relaxed escaping: the committed file is read by people in reviews (`'`, `+`, `→` as themselves, not \u0027).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<JsonObject> LiveDocumentAsync(DelistingApp app)
    {
        var response = await app.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return document;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Delisting.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Delisting.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_committed_document_matches_the_live_document()
    {
        // The committed document names the URL of `dotnet run` (launchSettings.json); a deployment sets its own.
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["OpenApi:ServerUrl"] = "http://localhost:5080" });
        var live = (await LiveDocumentAsync(app)).ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        var path = Path.Combine(RepositoryRoot(), "api-spec", "openapi.json");

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, live);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: run UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.True(JsonNode.DeepEquals(committed, JsonNode.Parse(live)),
            "api-spec/openapi.json differs from the live document. If the change is intended, run " +
            "UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests and commit the file.");
    }

    [Fact]
    public async Task Servers_name_the_configured_url_or_else_the_url_the_document_was_asked_on()
    {
        var settings = new Dictionary<string, string> { ["OpenApi:ServerUrl"] = "https://delisting.example/" };
        await using (var configured = new DelistingApp(extraSettings: settings))
        {
            Assert.Equal("https://delisting.example", (await LiveDocumentAsync(configured))["servers"]![0]!["url"]!.GetValue<string>());
        }
        await using var asked = new DelistingApp();
        Assert.Equal("http://localhost", (await LiveDocumentAsync(asked))["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_key_security_scheme_is_declared_and_required()
    {
        await using var app = new DelistingApp();
        var document = await LiveDocumentAsync(app);
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        Assert.NotNull(document["security"]![0]!["ApiKey"]);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_authorized_ones_document_401()
    {
        await using var app = new DelistingApp();
        var document = await LiveDocumentAsync(app);
        var count = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || op["responses"] is null) continue;
                count++;
                Assert.False(string.IsNullOrWhiteSpace(op["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
                // A public operation (an empty security requirement: no key needed) has no 401 to document.
                var open = op["security"] is JsonArray security && security.Any(r => r is JsonObject { Count: 0 });
                Assert.True(open || op["responses"]!.AsObject().ContainsKey("401"), $"{method} {path} does not document 401");
            }
        }
        Assert.True(count >= 9, $"only {count} operations");
    }

    [Fact]
    public async Task Creating_a_ruling_documents_every_outcome()
    {
        await using var app = new DelistingApp();
        var document = await LiveDocumentAsync(app);
        var responses = document["paths"]!["/v1/rulings"]!["post"]!["responses"]!.AsObject();
        foreach (var status in new[] { "201", "400", "401", "403", "409", "422" })
        {
            Assert.True(responses.ContainsKey(status), $"POST /v1/rulings does not document {status}");
        }
        Assert.NotNull(responses["422"]!["content"]!["application/problem+json"]);
        Assert.NotNull(responses["403"]!["content"]!["application/problem+json"]);
    }

    [Fact]
    public async Task Reading_rulings_needs_no_role_so_documents_401_but_not_403()
    {
        await using var app = new DelistingApp();
        var document = await LiveDocumentAsync(app);
        var responses = document["paths"]!["/v1/rulings"]!["get"]!["responses"]!.AsObject();
        Assert.True(responses.ContainsKey("401"));
        Assert.False(responses.ContainsKey("403"));
    }

    [Fact]
    public async Task The_swagger_ui_is_served()
    {
        await using var app = new DelistingApp();
        var response = await app.Anonymous().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
