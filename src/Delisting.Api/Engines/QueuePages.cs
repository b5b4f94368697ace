using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Delisting.Api.Data;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Engines;

/// <summary>
/// Pages of an engine's queue, ready to send. Liaisons poll the same page at once (the head of the pending queue),
/// so polls of one page share reads. A poll joins the read under way only if nothing was committed to the database
/// since that read began (<see cref="Database.CommitStamp"/>); otherwise it joins the next read, which starts after
/// the running one ends, or starts one. So a report committed before a poll arrives is always in that poll's
/// answer. At most one read of a page runs and one waits; nothing is kept once the reads are done.
/// </summary>
public sealed class QueuePages(QueueStore queue, Database database, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    Cursors cursors)
{
    private readonly ConcurrentDictionary<PageKey, Gate> gates = new();
    private long placed;

    /// <summary>Polls that have chosen the read they take their page from (a probe for tests: after it, a poll's answer is decided).</summary>
    public long Placed => Interlocked.Read(ref placed);

    public async Task<byte[]> GetAsync(string engine, string? status, QueueCursor after, int limit, CancellationToken cancellationToken)
    {
        var key = new PageKey(engine, status, after, limit);
        var arrival = database.CommitStamp();
        while (true)
        {
            var gate = gates.GetOrAdd(key, _ => new Gate());
            TaskCompletionSource<byte[]> read;
            var start = false;
            lock (gate)
            {
                if (gate.Closed) continue;
                if (gate.Running is null)
                {
                    gate.Running = read = NewRead();
                    gate.RunningSince = arrival;
                    start = true;
                }
                else if (arrival is not null && gate.RunningSince == arrival)
                {
                    read = gate.Running;
                }
                else
                {
                    read = gate.Waiting ??= NewRead();
                }
            }
            Interlocked.Increment(ref placed);
            if (start) _ = RunAsync(key, gate, read);
            return await read.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Runs the read, then the one that waited behind it, until none waits. Not the callers' token: others share the read.</summary>
    private async Task RunAsync(PageKey key, Gate gate, TaskCompletionSource<byte[]>? read)
    {
        while (read is not null)
        {
            try
            {
                read.SetResult(await ReadAsync(key));
            }
            catch (Exception exception)
            {
                read.SetException(exception);
                _ = read.Task.Exception; // observed; each caller gets it through its own await
            }
            var since = database.CommitStamp();
            lock (gate)
            {
                read = gate.Running = gate.Waiting;
                gate.RunningSince = since;
                gate.Waiting = null;
                if (read is null)
                {
                    gate.Closed = true;
                    gates.TryRemove(KeyValuePair.Create(key, gate));
                }
            }
        }
    }

    private async Task<byte[]> ReadAsync(PageKey key)
    {
        var now = time.GetUtcNow();
        var (rows, next) = await queue.PageAsync(key.Engine, key.Status, key.After, key.Limit, now, CancellationToken.None);
        var page = new Page<ItemContract>(rows.Select(r => r.ToContract(now)).ToList(), next is null ? null : cursors.Encode(next.Value.ToString()));
        return JsonSerializer.SerializeToUtf8Bytes(page, json.Value.SerializerOptions);
    }

    private static TaskCompletionSource<byte[]> NewRead() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct PageKey(string Engine, string? Status, QueueCursor After, int Limit);

    private sealed class Gate
    {
        public TaskCompletionSource<byte[]>? Running { get; set; }
        public TaskCompletionSource<byte[]>? Waiting { get; set; }

        /// <summary>The commit stamp taken before the running read began: polls that see the same stamp may share it.</summary>
        public long? RunningSince { get; set; }
        public bool Closed { get; set; }
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
