using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Delisting.Api.Tests.Infrastructure;

/// <summary>
/// The real service over its HTTP pipeline, on its own SQLite file database, with a clock the test controls.
/// Each test creates its own; helpers give the usual actors (an admin, a rights holder of apc, the google liaison).
/// </summary>
public sealed class DelistingApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-bootstrap-admin-key";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, string> settings;
    private readonly bool ownsDatabase;

    private readonly string environment;

    /// <summary>Services a test adds to the app's own (an in-memory telemetry exporter, say).</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    public DelistingApp(string? databasePath = null, IDictionary<string, string>? extraSettings = null, DateTimeOffset? now = null,
        string environment = "Testing")
    {
        this.environment = environment;
        // A caller that names the file (a restart test) keeps it across Dispose and deletes it itself.
        ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"delisting-test-{Guid.NewGuid():N}.db");
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Delisting"] = $"Data Source={DatabasePath}",
            ["Database:Provider"] = "Sqlite",
            ["Auth:BootstrapAdminKey"] = AdminKey,
            ["RateLimiting:PermitsPerSecond"] = "0",
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateTargets"] = "true",
            ["Evidence:Path"] = Path.Combine(Path.GetTempPath(), $"delisting-evidence-{Guid.NewGuid():N}"),
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>()) settings[key] = value;
    }

    public string DatabasePath { get; }
    public FakeTimeProvider Time { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // A file of its own starts as a copy of what the first start-up would have written; see TemplateDatabase.
        if (ownsDatabase && ConfigureTestServices is null && settings["Database:Provider"] == "Sqlite")
        {
            TemplateDatabase.CopyTo(DatabasePath, environment, Time.GetUtcNow(), settings);
        }
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            ConfigureTestServices?.Invoke(services);
        });
    }

    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient Admin() => WithKey(AdminKey);

    public async Task<string> CreateKeyAsync(string role, string? organisation = null, string? engine = null)
    {
        var response = await Admin().PostAsJsonAsync("/v1/api-keys", new { role, organisation, engine, label = $"{role} test key" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("key").GetString()!;
    }

    public async Task<HttpClient> RightsHolderAsync(string organisation = "apc") =>
        WithKey(await CreateKeyAsync("rights-holder", organisation: organisation));

    public async Task<HttpClient> LiaisonAsync(string engine = "google") =>
        WithKey(await CreateKeyAsync("engine", engine: engine));

    /// <summary>A ruling in force today (served a week ago) over the Allostreaming and DPStream domains.</summary>
    public async Task<string> CreateRulingInForceAsync(
        string id = "test-ruling-in-force",
        string[]? engines = null,
        string[]? plaintiffs = null,
        string? servedOn = null,
        int complianceDays = 15,
        string[]? domains = null,
        string? responseTime = null,
        string? inForceUntil = null)
    {
        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        var body = new
        {
            id,
            court = "Tribunal judiciaire de Paris",
            caseReference = "RG 26/00001",
            decidedOn = today.AddDays(-10).ToString("yyyy-MM-dd"),
            servedOn = servedOn ?? today.AddDays(-7).ToString("yyyy-MM-dd"),
            timeZone = "Europe/Paris",
            complianceDays = responseTime is null ? complianceDays : (int?)null,
            responseTime,
            inForceUntil = inForceUntil ?? today.AddYears(1).ToString("yyyy-MM-dd"),
            plaintiffs = plaintiffs ?? ["apc", "fndf"],
            engines = engines ?? ["google", "bing"],
            sites = (domains ?? ["allostreaming.com", "dpstream.tv"]).Select(d => new { domain = d, network = "Test" }),
        };
        var response = await Admin().PostAsJsonAsync("/v1/rulings", body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Creating the ruling failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return id;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (ownsDatabase && settings["Evidence:Path"].Contains("delisting-evidence-", StringComparison.Ordinal))
        {
            try { Directory.Delete(settings["Evidence:Path"], recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        if (!ownsDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
    }
}

public static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(DelistingApp.Json);

    /// <summary>Asserts an RFC 9457 problem response with the given status and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(path + suffix); } catch (IOException) { }
        }
    }

    public static StringContent JsonBody(string json) => new(json, MediaTypeHeaderValue.Parse("application/json"));
}
