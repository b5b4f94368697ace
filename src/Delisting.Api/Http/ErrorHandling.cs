using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Delisting.Api.Data;

namespace Delisting.Api.Http;

/// <summary>
/// Turns exceptions into problem responses: what the client sent wrong keeps its 4xx status and a useful
/// detail; anything else is a 500 that says nothing about the stack, the SQL or the data.
/// </summary>
public sealed class ExceptionToProblem(ILogger<ExceptionToProblem> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (StrictJson.ProblemFor(exception) is { } strict && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = strict.StatusCode;
            await strict.ExecuteAsync(context);
            return true;
        }
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, TitleFor(bad.StatusCode), DetailFor(bad)),
            DependencyUnavailableException unavailable => (503, "Service unavailable", unavailable.Message),
            _ when Database.Classify(exception) == DatabaseFailure.Busy => (503, "Service busy",
                "The database is busy with other writes; retry in a moment."),
            // Two writers raced for the same key (same ruling id, same new URL from two instances): the loser retries.
            _ when Database.Classify(exception) == DatabaseFailure.DuplicateKey =>
                (409, "Conflict", "A concurrent request stored the same data first; retry and the stored data will be reused."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request",
                "The request was cancelled."),
            _ => (500, "Internal server error", "The service failed to process the request. It has been logged; retrying may help."),
        };

        if (status >= 500) logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        if (context.Response.HasStarted) return false;

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = exception is DependencyUnavailableException
                ? DependencyUnavailableException.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "1";
        }
        await TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Problems.TypeFor(status)).ExecuteAsync(context);
        return true;
    }

    private static string TitleFor(int status) => status switch
    {
        413 => "Payload too large",
        415 => "Unsupported media type",
        _ => "Bad request",
    };

    private static string DetailFor(BadHttpRequestException exception)
    {
        if (exception.StatusCode == 413) return "The request body is larger than this endpoint accepts.";
        if (exception.StatusCode == 415) return "Send the body as JSON with Content-Type: application/json.";
        var json = exception.InnerException as JsonException ?? exception.InnerException?.InnerException as JsonException;
        if (json is not null)
        {
            var where = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
            return $"The body is not valid JSON for this endpoint{where}: check the value's type and syntax.";
        }
        if (exception.Message.StartsWith("Required parameter", StringComparison.Ordinal) ||
            exception.Message.Contains("body was not provided", StringComparison.Ordinal) ||
            exception.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return "A JSON body is required.";
        }
        // Messages about route and query parameters name the parameter and the value: safe and useful.
        return exception.Message.Replace("Failed to bind parameter", "Invalid parameter", StringComparison.Ordinal);
    }
}
