using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Delisting.Client;

/// <summary>
/// Sends the API key in the <c>X-Api-Key</c> header. Kiota's own <c>ApiKeyAuthenticationProvider</c> refuses plain
/// http, which rules out a Development instance (http://localhost:5080); this one sends the key over https to any host
/// and over http only to this machine (localhost, 127.0.0.1, ::1), so a key never leaves the machine unencrypted.
/// </summary>
public sealed class DelistingApiKeyProvider(string apiKey) : IAuthenticationProvider
{
    public const string HeaderName = "X-Api-Key";

    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.URI;
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            throw new InvalidOperationException(
                $"The API key is sent over https, or over http to this machine only; not to {uri.GetLeftPart(UriPartial.Authority)}.");
        }
        request.Headers.Remove(HeaderName);
        request.Headers.Add(HeaderName, apiKey);
        return Task.CompletedTask;
    }
}
