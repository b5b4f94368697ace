namespace Delisting.Api.Evidence;

/// <summary>A capture as stored.</summary>
/// <param name="Sha256">The SHA-256 of the bytes, 64 lowercase hex digits: the capture's address.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="MediaType">The media type it was uploaded with (its Content-Type).</param>
/// <param name="StoredAt">When it was first stored (UTC).</param>
/// <example>{ "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "size": 4, "mediaType": "text/plain",
/// "storedAt": "2026-11-29T09:00:00Z" }</example>
public sealed record EvidenceContract(string Sha256, long Size, string MediaType, DateTimeOffset StoredAt);
