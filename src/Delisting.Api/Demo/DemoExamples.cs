using System.Text.Json.Nodes;
using Delisting.Api.Engines;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Delisting.Api.Demo;

/// <summary>
/// Development only: item ids cannot be known when the document is written, so the served document's request
/// body examples that name an item (<c>itemId</c>) name the oldest pending item of the google queue instead, and
/// Swagger UI's pre-filled "report responses" body works once a request has been submitted. Every other
/// environment serves the document exactly as committed.
/// </summary>
public static class DemoExamples
{
    public const string Engine = "google";

    public static async Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment()) return;
        var services = context.ApplicationServices;
        var (items, _) = await services.GetRequiredService<QueueStore>()
            .PageAsync(Engine, Domain.ItemStatus.Pending, 0, 1, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        if (items.Count == 0) return;
        var itemId = items[0].Id;

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? []) ReplaceItemIds(media.Example, itemId);
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
