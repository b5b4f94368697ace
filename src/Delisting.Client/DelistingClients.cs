using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Delisting.Client;

/// <summary>A client of the Delisting API for one API key.</summary>
public static class DelistingClients
{
    /// <summary>
    /// The client acting with <paramref name="apiKey"/> against <paramref name="baseUrl"/> (default: the document's
    /// server, http://localhost:5080, a Development instance started with dotnet run). Pass an <paramref name="httpClient"/>
    /// to control its handler, timeouts and lifetime (IHttpClientFactory).
    /// </summary>
    public static DelistingApiClient Create(string apiKey, Uri? baseUrl = null, HttpClient? httpClient = null)
    {
        var adapter = new HttpClientRequestAdapter(new DelistingApiKeyProvider(apiKey), httpClient: httpClient);
        if (baseUrl is not null) adapter.BaseUrl = baseUrl.ToString().TrimEnd('/');
        return new DelistingApiClient(adapter);
    }
}
