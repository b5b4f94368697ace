using System.Text.Json.Nodes;
using Delisting.Api.Mirrors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Delisting.Api.Engines;

namespace Delisting.Api.Demo;

/// <summary>
/// Development only: item and report ids cannot be known when the document is written, so the served document's
/// request body examples that name an item (<c>itemId</c>) name the oldest pending item of the google queue
/// instead, and a <c>reportId</c> path example the oldest report still open: Swagger UI's pre-filled "report
/// responses" and "dismiss" work once a request has been submitted and a mirror reported. Every other
/// environment serves the document exactly as committed.
/// </summary>
public static class DemoExamples
{
    public const string Engine = "google";

    public static async Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment()) return;
        var services = context.ApplicationServices;
        await ReplaceReportIdsAsync(document, services.GetRequiredService<MirrorReportsStore>(), cancellationToken);
        await ReplaceRequestIdsAsync(document, services.GetRequiredService<Requests.RequestsReader>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
        await ReplaceWebhookExamplesAsync(document, services.GetRequiredService<Webhooks.WebhooksStore>(), cancellationToken);
        var (items, _) = await services.GetRequiredService<QueueStore>()
            .PageAsync(Engine, Domain.ItemStatus.Pending, QueueCursor.Start, 1, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        if (items.Count == 0) return;
        var itemId = items[0].Id;

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? []) ReplaceItemIds(media.Example, itemId);
        }
    }

    /// <summary>
    /// A `reportId` path parameter names the oldest report still `reported` under the operation's example ruling, so
    /// the pre-filled dismissal works once a mirror has been reported.
    /// </summary>
    private static async Task ReplaceReportIdsAsync(OpenApiDocument document, MirrorReportsStore reports, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            var parameters = operation.Parameters?.OfType<OpenApiParameter>().ToList() ?? [];
            if (parameters.FirstOrDefault(p => p.Name == "reportId") is not { } report
                || parameters.FirstOrDefault(p => p.Name == "rulingId")?.Example?.GetValue<string>() is not { } rulingId) continue;
            var (page, _) = await reports.ListAsync(rulingId, MirrorReportStatus.Reported, 0, 1, cancellationToken);
            if (page.Count > 0) report.Example = page[0].Id;
        }
    }

    /// <summary>
    /// A `requestId` path parameter names apc's newest request, so that reading it and withdrawing its URLs (the demo
    /// URL of the examples) work once a request has been submitted.
    /// </summary>
    private static async Task ReplaceRequestIdsAsync(OpenApiDocument document, Requests.RequestsReader requests, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (page, _) = await requests.ListAsync("apc", null, null, 0, 1, time.GetUtcNow(), cancellationToken);
        if (page.Count == 0) return;
        foreach (var parameter in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                     .SelectMany(o => o.Parameters?.OfType<OpenApiParameter>() ?? []).Where(p => p.Name == "requestId"))
        {
            parameter.Example = page[0].Id;
        }
    }

    /// <summary>
    /// No public receiver is reachable from a development machine: the subscription example points at this machine
    /// (allowed in Development), and a `webhookId` names apc's newest subscription.
    /// </summary>
    private static async Task ReplaceWebhookExamplesAsync(OpenApiDocument document, Webhooks.WebhooksStore webhooks, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
            {
                if (media.Example is JsonObject body && body["url"] is JsonValue && body["feed"] is JsonValue) body["url"] = "http://127.0.0.1:9/delisting-demo-hook";
            }
        }
        var (page, _) = await webhooks.ListAsync(Webhooks.WebhookFeeds.Organisation, "apc", 0, 1000, cancellationToken);
        if (page.Count == 0) return;
        foreach (var parameter in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                     .SelectMany(o => o.Parameters?.OfType<OpenApiParameter>() ?? []).Where(p => p.Name == "webhookId"))
        {
            parameter.Example = page[^1].Id;
        }
    }

    private static void ReplaceItemIds(JsonNode? node, string itemId)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["itemId"] is JsonValue) obj["itemId"] = itemId;
                foreach (var (_, child) in obj.ToList()) ReplaceItemIds(child, itemId);
                break;
            case JsonArray array:
                foreach (var child in array) ReplaceItemIds(child, itemId);
                break;
        }
    }
}
