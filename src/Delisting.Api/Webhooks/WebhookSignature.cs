using System.Security.Cryptography;
using System.Text;

namespace Delisting.Api.Webhooks;

/// <summary>Standard Webhooks signatures: HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the secret's bytes.</summary>
public static class WebhookSignature
{
    private const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The value of the webhook-signature header: "v1," and the base64 signature.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[Prefix.Length..]);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(signature);
    }
}
