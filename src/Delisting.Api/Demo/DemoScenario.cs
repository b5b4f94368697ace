using Delisting.Api.Extensions;
using Delisting.Api.Auth;
using Delisting.Api.Http;
using Delisting.Api.Mirrors;
using Delisting.Api.Requests;
using Delisting.Api.Rulings;
using Delisting.Api.Telemetry;
using Delisting.Api.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Demo;

/// <summary>
/// Development only: what the examples of the OpenAPI document name, so that every operation of Swagger UI works as
/// pre-filled from the first page load: a request of apc with pending items for google and bing, a mirror report and
/// an extension of the demo ruling, two subscriptions of apc to this service's own sink (one for the delete
/// example). Everything is made through the endpoints' own handlers, as apc and the admin would make it, so it obeys
/// the same rules and writes the same events. Each part is looked for first and made only when missing.
/// </summary>
public sealed class DemoScenario(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<DemoScenario> logger)
{
    public const string ClientReference = "swagger-ui-demo";

    /// <summary>The URL whose google item the pre-filled engine report names; no other example withdraws or reports it.</summary>
    public const string ReportedUrl = "https://films-demo.example/film/engine-report-demo";

    /// <summary>The URLs of the demo request: the two of the request and withdrawal examples, and <see cref="ReportedUrl"/>.</summary>
    public static readonly IReadOnlyList<string> Urls =
        ["https://www.streaming-demo.example/film/123", "https://streaming-demo.example/film/124", ReportedUrl];

    public const string ReportedDomain = "streaming-demo-reported.example";
    public const string ExtendedDomain = "films-demo-extended.example";
    public const string SinkDescription = "Development demo: this service's own sink (/dev/webhook-sink)";
    public const string DisposableDescription = "Development demo: a subscription to delete";

    /// <summary>The demo key the pre-filled revocation names (appsettings.Development.json, Auth:DemoKeys:revocable).</summary>
    public const string RevocableKeyId = "key_demo_revocable";

    private static readonly Caller Apc = new("key_demo_apc", Roles.RightsHolder, "apc", null);
    private static readonly Caller Admin = new("bootstrap-admin", Roles.Admin, null, null);

    /// <summary>The sink's URL on this instance: the first address it listens on (ASPNETCORE_URLS), loopback for a wildcard.</summary>
    public string SinkUrl
    {
        get
        {
            var first = (configuration["urls"] ?? "http://localhost:5080")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault() ?? "http://localhost:5080";
            var origin = first.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost")
                .Replace("://[::]", "://localhost").TrimEnd('/');
            return origin + DevelopmentSink.Path;
        }
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await SeedRequestAsync(cancellationToken);
        await SeedMirrorReportAsync(cancellationToken);
        await SeedExtensionAsync(cancellationToken);
        await SeedEvidenceAsync(cancellationToken);
        await SeedProtectedHostAsync(cancellationToken);
        await SeedWebhookAsync(SinkDescription, cancellationToken);
        await SeedWebhookAsync(DisposableDescription, cancellationToken);
    }

    /// <summary>The demo request of apc, when apc has none under the demo ruling.</summary>
    public async Task<string?> RequestIdAsync(CancellationToken cancellationToken)
    {
        var (page, _) = await services.GetRequiredService<RequestsReader>()
            .ListAsync("apc", DevelopmentSeeds.RulingId, null, 0, 1000, time.GetUtcNow(), cancellationToken);
        return page.LastOrDefault(r => r.ClientReference == ClientReference)?.Id;
    }

    private async Task SeedRequestAsync(CancellationToken cancellationToken)
    {
        if (await RequestIdAsync(cancellationToken) is not null) return;
        var result = await RequestsApi.SubmitRequest(new SubmitRequestBody(DevelopmentSeeds.RulingId, ClientReference, [.. Urls]), null, As(Apc),
            Get<RulingsStore>(), Get<Domain.ProtectedHostLookup>(), Get<Evidence.EvidenceStore>(), Get<RequestsWriter>(), Get<IdempotencyStore>(),
                Get<RequestsReader>(), Get<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>(),
            Get<DelistingMetrics>(), time, cancellationToken);
        Log("request", result.Result);
    }

    /// <summary>Also after a restart that follows a dismissal: the dismissal example then has a report to dismiss again.</summary>
    private async Task SeedMirrorReportAsync(CancellationToken cancellationToken)
    {
        var body = new MirrorReportBody(ReportedDomain, DevelopmentSeeds.Domains[0], [$"https://{ReportedDomain}/film/123"],
            "Development demo: the report that Swagger UI's pre-filled dismissal names.");
        if (await Get<RulingsStore>().GetAsync(DevelopmentSeeds.RulingId, cancellationToken) is not { } ruling) return;
        var result = await MirrorReportsApi.ReportMirror(DevelopmentSeeds.RulingId, body, On(ruling, As(Apc)), Get<MirrorReportsStore>(),
            Get<Domain.ProtectedHostLookup>(), Get<Evidence.EvidenceStore>(), time, cancellationToken);
        if (result.Result is Created<MirrorReportContract>) Log("mirror report", result.Result);
    }

    /// <summary>apc's demo capture: the four bytes "test", whose SHA-256 the evidence examples name.</summary>
    private async Task SeedEvidenceAsync(CancellationToken cancellationToken)
    {
        var bytes = "test"u8.ToArray();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        await using (var upload = await Get<Evidence.IEvidenceFiles>().StartAsync(sha256, cancellationToken))
        {
            await upload.WriteAsync(bytes, cancellationToken);
            await upload.CommitAsync(cancellationToken);
        }
        await Get<Evidence.EvidenceStore>().RecordAsync(new Evidence.EvidenceContract(sha256, bytes.Length, "text/plain", time.GetUtcNow()),
            Http.Caller.From(As(Apc).User), cancellationToken);
    }

    /// <summary>A demo entry for the pre-filled removal (DemoExamples names the newest entry).</summary>
    private async Task SeedProtectedHostAsync(CancellationToken cancellationToken)
    {
        var lookup = await Get<Domain.ProtectedHostLookup>()(cancellationToken);
        if (lookup.Protecting("files.demo-shared-host.example") is not null) return;
        await Get<ProtectedHosts.ProtectedHostsStore>().InsertAsync(new Domain.ProtectedHost(Http.Ids.New("ph"), "files.demo-shared-host.example",
            true,
            "Development demo: the entry Swagger UI's pre-filled removal names."), Http.Caller.From(As(Admin).User), time.GetUtcNow(), false,
                cancellationToken);
    }

    private async Task SeedExtensionAsync(CancellationToken cancellationToken)
    {
        var rulings = Get<RulingsStore>();
        if (await rulings.GetAsync(DevelopmentSeeds.RulingId, cancellationToken) is not { } ruling) return;
        var (existing, _) = await Get<ExtensionsStore>().ListAsync(ruling, 0, 1, cancellationToken);
        if (existing.Count > 0) return;
        var today = ruling.Today(time.GetUtcNow());
        var body = new ExtensionBody(ExtensionBasis.CourtDecision, "DEMO 26/00002", today.AddDays(-3), today.AddDays(-2), null, today.AddYears(1),
            [new ExtensionSiteInput(ExtendedDomain, "Demo streaming", DevelopmentSeeds.Domains[1])], []);
        Log("extension", (await ExtensionsApi.ExtendRuling(DevelopmentSeeds.RulingId, body, On(ruling, As(Admin)), Get<ExtensionsStore>(),
            Get<Domain.ProtectedHostLookup>(), time, cancellationToken)).Result);
    }

    /// <summary>apc's demo subscription with this description, or null.</summary>
    public async Task<string?> WebhookIdAsync(string description, CancellationToken cancellationToken)
    {
        var (page, _) = await Get<WebhooksStore>().ListAsync(WebhookFeeds.Organisation, "apc", 0, 1000, cancellationToken);
        return page.FirstOrDefault(w => w.Description == description)?.Id;
    }

    private async Task SeedWebhookAsync(string description, CancellationToken cancellationToken)
    {
        if (await WebhookIdAsync(description, cancellationToken) is not null) return;
        var result = await WebhooksApi.CreateWebhook(new CreateWebhookRequest(SinkUrl, WebhookFeeds.Organisation, description), As(Apc),
            Get<WebhooksStore>(), Get<TargetPolicy>(), Get<WebhookSettings>(), time, cancellationToken);
        Log("webhook", result.Result);
    }

    private T Get<T>() where T : notnull => services.GetRequiredService<T>();

    private HttpContext As(Caller caller) => new DefaultHttpContext
    {
        User = caller.ToPrincipal(ApiKeyAuthenticationHandler.SchemeName),
        RequestServices = services,
    };

    /// <summary>The context as the ruling scope policy leaves it for a route under the ruling (see RulingScope).</summary>
    private static HttpContext On(Ruling ruling, HttpContext http)
    {
        http.Features.Set(new ScopedRuling(ruling));
        return http;
    }

    private void Log(string what, IResult result)
    {
        if (result is ProblemHttpResult problem)
        {
            logger.LogWarning("The Development demo {What} was not created: {Status} {Detail}", what, problem.StatusCode,
                problem.ProblemDetails.Detail);
        }
        else
        {
            logger.LogInformation("Seeded the Development demo {What}", what);
        }
    }
}
