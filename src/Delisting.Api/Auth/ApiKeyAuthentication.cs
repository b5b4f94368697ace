using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Delisting.Api.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Delisting.Api.Http;

namespace Delisting.Api.Auth;

/// <summary>
/// Authenticates the `X-Api-Key` header. Keys are stored as SHA-256 hashes only; the lookup is by hash
/// and every match is confirmed with a constant-time comparison. Revocation takes effect on the next
/// request because nothing is cached.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Database database,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string BootstrapKeyId = "bootstrap-admin";
    private const string FailureItem = "delisting:auth-failure";

    private const string FindKeySql = """
        SELECT id, key_hash, role, organisation_id, engine_id
        FROM api_keys
        WHERE key_hash = @KeyHash AND revoked_at IS NULL
        """;

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
        var hash = Hash(presented);

        var bootstrap = configuration["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrEmpty(bootstrap) && CryptographicOperations.FixedTimeEquals(hash, Hash(bootstrap)))
        {
            return Success(new Caller(BootstrapKeyId, Roles.Admin, null, null));
        }

        var row = await FindKeyAsync(hash);
        if (row is null || !CryptographicOperations.FixedTimeEquals(row.KeyHash, hash))
        {
            return Fail("Unknown or revoked API key.");
        }
        return Success(new Caller(row.Id, row.Role, row.OrganisationId, row.EngineId));
    }

    private async Task<KeyRow?> FindKeyAsync(byte[] hash) =>
        (await database.QueryHotAsync<KeyRow>(FindKeySql, new { KeyHash = hash }, Context.RequestAborted)).SingleOrDefault();

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

    private sealed class KeyRow
    {
        public string Id { get; init; } = "";
        public byte[] KeyHash { get; init; } = [];
        public string Role { get; init; } = "";
        public string? OrganisationId { get; init; }
        public string? EngineId { get; init; }
    }
}
