using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Demo;

/// <summary>
/// Development only: a webhook receiver inside the service, so that subscribing, pinging and reading deliveries work on
/// a machine without a public receiver (or without any network). It answers every delivery 204 and logs its id; it
/// checks no signature. Production never maps it: there a receiver is an https endpoint of the integrator's own.
/// </summary>
public static class DevelopmentSink
{
    public const string Path = "/dev/webhook-sink";

    public static IEndpointRouteBuilder MapDevelopmentSink(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, Receive).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<NoContent> Receive(HttpContext http, ILogger<DemoScenario> logger, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        logger.LogInformation("Development webhook sink: delivery {WebhookId} of {Bytes} characters received",
            http.Request.Headers["webhook-id"].ToString(), body.Length);
        return TypedResults.NoContent();
    }
}
