using System.Text.Json;
using Delisting.Api.Http;

namespace Delisting.Api.Requests;

/// <summary>The stored first response to an idempotent request, sent again as it was.</summary>
public sealed class ReplayedResponse(IdempotencyRecord record) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = record.StatusCode;
        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null) httpContext.Response.Headers.Location = record.Location;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await httpContext.Response.WriteAsync(record.ResponseBody);
    }
}

/// <summary>
/// How the first answer to a submission is kept for replays: everything but its URLs, which the request's own rows
/// keep (a stored request always has at least one, so an empty list marks the answer as kept this way). A copy of
/// 10,000 URLs in the idempotency record cost the database 20 MB per request and the service five times that while
/// storing it; a replay reads the URLs back, in their order, with their notices and sites, as they were answered.
/// </summary>
public static class StoredAnswer
{
    /// <summary>The first answer to keep with the idempotency record.</summary>
    public static string Of(RequestContract request, JsonSerializerOptions json) => SegmentedJson.Serialize(request with { Urls = [] }, json);

    /// <summary>The record to replay: a kept answer with its URLs read back from the request; an older record as stored.</summary>
    public static async Task<IdempotencyRecord> ReplayAsync(IdempotencyRecord record, RequestsReader requests, JsonSerializerOptions json,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.StatusCode != StatusCodes.Status201Created) return record;
        var kept = JsonSerializer.Deserialize<RequestContract>(record.ResponseBody, json);
        if (kept is null || kept.Urls.Count > 0) return record;
        var stored = await requests.GetAsync(kept.Id, null, now, cancellationToken)
            ?? throw new InvalidOperationException($"The idempotency record names request '{kept.Id}', which is not stored.");
        return record with { ResponseBody = SegmentedJson.Serialize(kept with { Urls = stored.Urls }, json) };
    }
}
