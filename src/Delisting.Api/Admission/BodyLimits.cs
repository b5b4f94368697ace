using Microsoft.AspNetCore.Http.Features;
using Delisting.Api.Http;

namespace Delisting.Api.Admission;

/// <summary>Marks an endpoint with the largest request body it accepts.</summary>
public sealed record BodyLimit(long Bytes)
{
    public const long Default = 1024 * 1024;
}

public static class BodyLimitExtensions
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>
    /// Applies each endpoint's body limit (1 MiB unless it says otherwise) to the body's own bytes: a declared
    /// length beyond it is refused before reading, and a body without one (chunked) is counted as it is read and
    /// refused at the first byte beyond the limit, whatever its framing.
    /// </summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await TooLarge(limit, $"The request body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.")
                .ExecuteAsync(context);
            return;
        }
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(context);
            return;
        }
        // This middleware is the one authority on the limit; the server's own limit would count differently.
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = null;
        // The server reads a declared length exactly, and that length was checked above; only a body without one
        // (chunked) needs counting as it arrives.
        if (context.Request.ContentLength is null) context.Request.Body = new LimitedBody(context.Request.Body, limit, context);
        await next(context);
    });

    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long limit, string? detail = null) =>
        Problems.Create(413, "Payload too large", detail ?? $"The request body is larger than this endpoint accepts ({limit} bytes at most).");

    /// <summary>Counts the bytes read; beyond the limit the request is answered 413 and reading fails.</summary>
    private sealed class LimitedBody(Stream inner, long limit, HttpContext context) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            if (read <= limit) return bytes;
            // Binding treats a failed read as a broken connection and writes nothing: the status is set here so
            // the client still gets a 413 problem (written by the status-code pages).
            if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Items[Problems.BodyLimitItem] = limit;
            throw new BadHttpRequestException($"The request body is larger than this endpoint accepts ({limit} bytes at most).",
                StatusCodes.Status413PayloadTooLarge);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
