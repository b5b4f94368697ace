using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Engines;

/// <summary>
/// Pages of an engine's queue, ready to send. Liaisons poll the same page at once (the head of the pending
/// queue): a request for a page that is being read right now waits for that read and its JSON instead of
/// doing both again. Nothing is kept once a read completes, so a page is never older than the request that
/// asked for it by more than one read; a report applied before a poll arrives is always in that poll.
/// </summary>
public sealed class QueuePages(ItemsStore items, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private readonly ConcurrentDictionary<(string Engine, string? Status, long After, int Limit), Task<byte[]>> reads = new();

    public async Task<byte[]> GetAsync(string engine, string? status, long after, int limit, CancellationToken cancellationToken)
    {
        var key = (engine, status, after, limit);
        while (true)
        {
            if (reads.TryGetValue(key, out var running)) return await running.WaitAsync(cancellationToken);
            var read = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!reads.TryAdd(key, read.Task)) continue;
            try
            {
                // Not the caller's token: other callers may be waiting on this read.
                var page = await ReadAsync(engine, status, after, limit);
                read.SetResult(page);
                return page;
            }
            catch (Exception exception)
            {
                read.SetException(exception);
                _ = read.Task.Exception; // observed; each waiter gets it through its own await
                throw;
            }
            finally
            {
                reads.TryRemove(KeyValuePair.Create(key, read.Task));
            }
        }
    }

    private async Task<byte[]> ReadAsync(string engine, string? status, long after, int limit)
    {
        var (rows, next) = await items.QueueAsync(engine, status, after, limit, CancellationToken.None);
        var now = time.GetUtcNow();
        var page = new Page<ItemContract>(rows.Select(r => r.ToContract(now)).ToList(), next is null ? null : Paging.Encode(next.Value));
        return JsonSerializer.SerializeToUtf8Bytes(page, json.Value.SerializerOptions);
    }
}

/// <summary>A 200 whose JSON body (of type T) was serialized once and is shared; documented as T.</summary>
public sealed class SerializedOk<T>(byte[] utf8Json) : IResult, IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = utf8Json.Length;
        return httpContext.Response.Body.WriteAsync(utf8Json).AsTask();
    }
}
