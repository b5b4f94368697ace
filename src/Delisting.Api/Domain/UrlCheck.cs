namespace Delisting.Api.Domain;

/// <summary>Result of normalizing one URL submitted in a delisting request.</summary>
public readonly record struct UrlCheck(string? Url, string? Host, string? Error)
{
    public bool IsValid => Error is null;

    internal static UrlCheck Fail(string error) => new(null, null, error);
}
