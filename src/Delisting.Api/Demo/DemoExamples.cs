using System.Text.Json.Nodes;
using Delisting.Api.Engines;
using Delisting.Api.Extensions;
using Delisting.Api.Mirrors;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Delisting.Api.Demo;

/// <summary>
/// Development only: ids of items, requests, reports, extensions and subscriptions cannot be known when the document
/// is written, so the served document names those of the <see cref="DemoScenario"/> seeded at start-up: Swagger UI's
/// pre-filled operations then work from the first page load, and again on the same page where the contract allows a
/// repeat. Every other environment serves the document exactly as committed.
/// </summary>
public static class DemoExamples
{
    public const string Engine = "google";

    public static async Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment()) return;
        var services = context.ApplicationServices;
        var demo = services.GetRequiredService<DemoScenario>();
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.AsEnumerable() ?? []).ToList();

        var requestId = await demo.RequestIdAsync(cancellationToken);
        if (requestId is not null) SetPathExample(operations, "requestId", requestId);
        if (await ItemIdAsync(services, requestId, cancellationToken) is { } itemId)
        {
            foreach (var (_, operation) in operations) ReplaceInBodies(operation, "itemId", itemId);
        }
        await ReplaceRulingChildIdsAsync(operations, services, cancellationToken);
        var (hosts, _) = await services.GetRequiredService<ProtectedHosts.ProtectedHostsStore>().ListAsync(0, 1000, cancellationToken);
        if (hosts.Count > 0) SetPathExample(operations, "protectedHostId", hosts[^1].Id);

        foreach (var (_, operation) in operations) ReplaceInBodies(operation, "url", demo.SinkUrl, body => body["feed"] is JsonValue);
        if (await demo.WebhookIdAsync(DemoScenario.SinkDescription, cancellationToken) is { } webhook)
        {
            SetPathExample(operations, "webhookId", webhook, method => method != HttpMethod.Delete);
        }
        if (await demo.WebhookIdAsync(DemoScenario.DisposableDescription, cancellationToken) is { } disposable)
        {
            SetPathExample(operations, "webhookId", disposable, method => method == HttpMethod.Delete);
        }
        SetPathExample(operations, "keyId", DemoScenario.RevocableKeyId, method => method == HttpMethod.Delete);
    }

    /// <summary>
    /// The google item of <see cref="DemoScenario.ReportedUrl"/>: the pre-filled report acknowledges it, and reporting it
    /// again is "unchanged". Without the demo request, the oldest pending item of the google queue.
    /// </summary>
    private static async Task<string?> ItemIdAsync(IServiceProvider services, string? requestId, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (requestId is not null
            && await services.GetRequiredService<Requests.RequestsReader>()
                .ItemsAsync(requestId, null, Engine, null, null, 100, cancellationToken) is { } page
            && page.Items.FirstOrDefault(i => i.Url == DemoScenario.ReportedUrl) is { } item)
        {
            return item.Id;
        }
        var (items, _) = await services.GetRequiredService<QueueStore>().PageAsync(Engine, Domain.ItemStatus.Pending, QueueCursor.Start, 1, now,
            cancellationToken);
        return items.Count == 0 ? null : items[0].Id;
    }

    /// <summary>
    /// A `reportId` names the oldest report still `reported` under the operation's example ruling (else its oldest
    /// report), an `extensionId` the ruling's first extension.
    /// </summary>
    private static async Task ReplaceRulingChildIdsAsync(List<KeyValuePair<HttpMethod, OpenApiOperation>> operations, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var reports = services.GetRequiredService<MirrorReportsStore>();
        var rulings = services.GetRequiredService<RulingsStore>();
        foreach (var (_, operation) in operations)
        {
            var parameters = operation.Parameters?.OfType<OpenApiParameter>().ToList() ?? [];
            if (parameters.FirstOrDefault(p => p.Name == "rulingId")?.Example?.GetValue<string>() is not { } rulingId) continue;
            if (parameters.FirstOrDefault(p => p.Name == "reportId") is { } report)
            {
                var (open, _) = await reports.ListAsync(rulingId, MirrorReportStatus.Reported, 0, 1, cancellationToken);
                var (any, _) = open.Count > 0 ? (open, null) : await reports.ListAsync(rulingId, null, 0, 1, cancellationToken);
                if (any.Count > 0) report.Example = any[0].Id;
            }
            if (parameters.FirstOrDefault(p => p.Name == "extensionId") is { } extension
                && await rulings.GetAsync(rulingId, cancellationToken) is { } ruling)
            {
                var (page, _) = await services.GetRequiredService<ExtensionsStore>().ListAsync(ruling, 0, 1, cancellationToken);
                if (page.Count > 0) extension.Example = page[0].Id;
            }
        }
    }

    private static void SetPathExample(List<KeyValuePair<HttpMethod, OpenApiOperation>> operations, string name, string value,
        Func<HttpMethod, bool>? method = null)
    {
        foreach (var (verb, operation) in operations.Where(o => method?.Invoke(o.Key) ?? true))
        {
            var parameters = operation.Parameters?.OfType<OpenApiParameter>() ?? [];
            foreach (var parameter in parameters.Where(p => p.Name == name && p.In == ParameterLocation.Path))
            {
                parameter.Example = value;
            }
        }
    }

    private static void ReplaceInBodies(OpenApiOperation operation, string property, string value, Func<JsonObject, bool>? where = null)
    {
        foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? []) Replace(media.Example, property, value, where);
    }

    private static void Replace(JsonNode? node, string property, string value, Func<JsonObject, bool>? where)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj[property] is JsonValue && (where?.Invoke(obj) ?? true)) obj[property] = value;
                foreach (var (_, child) in obj.ToList()) Replace(child, property, value, where);
                break;
            case JsonArray array:
                foreach (var child in array) Replace(child, property, value, where);
                break;
        }
    }
}
