namespace Delisting.Api.Http;

/// <summary>
/// A service the operation needs (a storage account, say) failed or could not be reached: the client's request was
/// fine and may succeed later, so it is answered 503 with Retry-After, not 500. Thrown by the adapter of that service
/// with its own failure inside.
/// </summary>
public sealed class DependencyUnavailableException(string what, Exception inner)
    : Exception($"{what} is unavailable; retry in a moment.", inner)
{
    /// <summary>The seconds a client should wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;
}
