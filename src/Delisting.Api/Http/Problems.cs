using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Delisting.Api.Http;

/// <summary>RFC 9457 problem responses with a type URI per status and a detail a person can act on.</summary>
public static class Problems
{
    /// <summary>Where a body refused while it was read leaves the limit, for the 413 problem's detail.</summary>
    public const string BodyLimitItem = "delisting:body-limit";

    public static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };

    public static ProblemHttpResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeFor(status), extensions: extensions);

    /// <summary>The problem for a response that has a status code and no body yet.</summary>
    public static ProblemHttpResult ForStatus(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var request = $"{http.Request.Method} {http.Request.Path}";
        var (title, detail) = status switch
        {
            400 => ("Bad request", $"The request {request} could not be understood."),
            404 => ("Not found", $"There is no endpoint at {request}; see /openapi/v1.json."),
            405 => ("Method not allowed", $"{request} is not allowed; the Allow header lists the methods this path accepts."),
            413 => ("Payload too large", http.Items[BodyLimitItem] is long limit
                ? $"The request body is larger than this endpoint accepts ({limit} bytes at most)."
                : "The request body is larger than this endpoint accepts."),
            415 => ("Unsupported media type", "Send the body as JSON with Content-Type: application/json."),
            _ => (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
                $"The request {request} failed with status {status}."),
        };
        return Create(status, title, detail);
    }

    public static ProblemHttpResult BadRequest(string detail) => Create(400, "Bad request", detail);

    public static ProblemHttpResult NotFound(string what) => Create(404, "Not found", $"{what} was not found.");

    public static ProblemHttpResult Forbidden(string detail) => Create(403, "Forbidden", detail);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Create(409, "Conflict", detail, extensions);

    /// <summary>422 with `errors`: JSON paths of the offending input mapped to messages.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Validation failed",
            Type = TypeFor(422),
            Detail = detail ?? (errors.Count == 1
                ? "One field is invalid; see errors."
                : $"{errors.Count} fields are invalid; see errors."),
        });

    public static ProblemHttpResult Validation(string path, string message) =>
        Validation(new Dictionary<string, string[]> { [path] = [message] });
}

/// <summary>
/// The 409 of a create that met an equal resource still open (a domain already reported): the problem names it.
/// Declared with <c>.Produces&lt;ExistingResourceProblem&gt;(409, "application/problem+json")</c>; the body is written
/// by <see cref="Problems.Conflict"/> with an `existingId` extension.
/// </summary>
public sealed class ExistingResourceProblem : Microsoft.AspNetCore.Mvc.ProblemDetails
{
    /// <summary>Id of the resource that already exists: read it, or act on it, instead of creating another.</summary>
    public required string ExistingId { get; init; }
}
