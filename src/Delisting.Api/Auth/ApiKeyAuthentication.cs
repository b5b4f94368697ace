using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Delisting.Api.Http;

namespace Delisting.Api.Auth;

/// <summary>
/// Authenticates the `X-Api-Key` header. Keys are stored as SHA-256 hashes only; the lookup is by hash
/// and every match is confirmed with a constant-time comparison. Valid keys are cached by hash (<see cref="ApiKeyCache"/>:
/// revocation through this instance takes effect on the next request).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string BootstrapKeyId = "bootstrap-admin";
    private const string FailureItem = "delisting:auth-failure";

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return Fail($"Missing {HeaderName} header: send the API key an administrator gave you.");
        }
        if (values.Count > 1) return Fail($"Send exactly one {HeaderName} header.");

        var presented = values[0]!;
        if (presented.Length > 512) return Fail("Unknown or revoked API key.");
        var caller = await keys.FindAsync(presented, Context.RequestAborted);
        return caller is null ? Fail("Unknown or revoked API key.") : Success(caller);
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureItem] = message;
        return AuthenticateResult.NoResult();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[FailureItem] as string ?? $"Missing {HeaderName} header.";
        await WriteProblem(401, "Unauthorized", detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = Caller.From(Context.User);
        await WriteProblem(403, "Forbidden", $"A key with role '{caller.Role}' may not use this endpoint.");
    }

    private Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == 401) Response.Headers.WWWAuthenticate = $"{HeaderName}";
        return Results.Problem(detail: detail, statusCode: status, title: title, type: Problems.TypeFor(status)).ExecuteAsync(Context);
    }
}
