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
