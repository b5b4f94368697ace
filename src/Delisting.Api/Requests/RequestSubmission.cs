using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Delisting.Api.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Requests;

/// <summary>The second stage of POST /v1/requests: the ruling, the URLs against its sites, the captures; then the store.</summary>
public static class RequestSubmission
{
    /// <summary>
    /// Checks the request against its ruling (adding to <paramref name="errors"/>, the validator's findings) and stores it
    /// when nothing is wrong; with a claim, the idempotency record commits with it.
    /// </summary>
    public static async Task<Results<Created<RequestContract>, ReplayedResponse, ProblemHttpResult>> SubmitAsync(
        SubmitRequestBody body, Dictionary<string, string[]> errors, Caller caller, IdempotencyClaim? claim, Func<RequestContract, string> serialize,
        RulingsStore rulings,
        Domain.ProtectedHostLookup protectedHosts, Evidence.EvidenceStore evidence, RequestsWriter requests, DelistingMetrics metrics,
            TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ruling = errors.ContainsKey("rulingId") ? null : await rulings.GetAsync(body.RulingId!, cancellationToken);
        if (ruling is null) errors.TryAdd("rulingId", [$"No ruling has the id '{body.RulingId}' (see GET /v1/rulings)."]);
        else if (!RulingScope.IsParty(caller, ruling))
        {
            return Problems.Forbidden($"Organisation '{caller.Organisation}' is not a plaintiff of ruling '{ruling.Id}'.");
        }
        else if (UrlAcceptance.RulingRefusal(ruling, ruling.Today(now)) is { } refusal) errors["rulingId"] = [refusal];

        List<AcceptedUrl> accepted = [];
        List<Evidence.CaptureContract> captures = [];
        if (ruling is not null && !errors.ContainsKey("rulingId") && !errors.ContainsKey("urls"))
        {
            (accepted, var refusedUrls, var reasons) = UrlAcceptance.Check(ruling, body.Urls!, now, await protectedHosts(cancellationToken));
            foreach (var (path, messages) in refusedUrls) errors[path] = messages;
            foreach (var (reason, count) in reasons) metrics.Refused(ruling.Id, reason, count);
            if (!ValidationFindings.Failed(errors, "captures"))
            {
                // Made only when a capture names a URL: a request without captures never holds its URLs as strings.
                HashSet<string>? requested = null;
                bool IsRequested(string url) => (requested ??= accepted.Select(u => u.Url).ToHashSet(StringComparer.Ordinal)).Contains(url);
                (captures, var refused) = await Evidence.Captures.CheckAsync(body.Captures, evidence, now, IsRequested,
                    "A capture's url must be one of this request's URLs.", cancellationToken);
                foreach (var (path, messages) in refused) errors[path] = messages;
            }
        }
        if (errors.Count > 0 || ruling is null)
        {
            var refusedUrlCount = errors.Keys.Count(k => k.StartsWith("urls[", StringComparison.Ordinal));
            return Problems.Validation(errors, ruling is not null && refusedUrlCount > 0
                ? $"{refusedUrlCount} of {body.Urls!.Count} URLs cannot be delisted under ruling '{ruling.Id}'; nothing was stored."
                : "The request is refused; nothing was stored.");
        }

        var submission = new Submission(Ids.New("req"), ruling, caller.Organisation!,
            string.IsNullOrWhiteSpace(body.ClientReference) ? null : body.ClientReference, now, accepted.Min(u => u.Deadline), caller, accepted,
                captures);
        var request = await requests.InsertAsync(submission, claim, serialize, cancellationToken);
        if (request is null)
        {
            return Problems.Conflict($"This request took longer than its claim lasts (Idempotency:AbandonedAfterSeconds) and a retry with the same " +
                $"{RequestsApi.IdempotencyHeader} took it over; nothing was stored by this one. Read the outcome by retrying.");
        }
        metrics.Submitted(ruling.Id, accepted.Count);
        return TypedResults.Created($"/v1/requests/{submission.Id}", request);
    }
}
