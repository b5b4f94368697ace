using System.Security.Cryptography;

namespace Delisting.Api.Http;

/// <summary>Opaque, unguessable identifiers: a short type prefix and 96 random bits.</summary>
public static class Ids
{
    public static string New(string prefix) =>
        prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
