using System.Buffers;
using System.Security.Cryptography;
using Delisting.Api.Admission;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Delisting.Api.Evidence;

/// <summary>Captures kept as proof, content-addressed: uploaded by rights holders and admins, read by those the contract names.</summary>
public static class EvidenceApi
{
    public const long DefaultMaxBytes = 100L * 1024 * 1024;

    /// <summary>The blob container of the AzureBlob store when Evidence:Container is not set.</summary>
    public const string DefaultContainer = "evidence";

    private const int MaxMediaType = 200;

    /// <summary>
    /// Two quick retries of a failed storage call (about a second in all), then a 503 with Retry-After: a client waiting
    /// on an upload hears that the storage is down, instead of waiting out the SDK's default back-off.
    /// </summary>
    private static readonly Azure.Storage.Blobs.BlobClientOptions StorageOptions = new()
    {
        Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) },
    };

    /// <summary>This feature's services: the metadata store and the file store chosen by Evidence:Provider.</summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<IEvidenceFiles>(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var environment = provider.GetRequiredService<IHostEnvironment>();
            var time = provider.GetRequiredService<TimeProvider>();
            return configuration["Evidence:Provider"] switch
            {
                null or "" or "Folder" => new FolderEvidenceFiles(
                    Path.GetFullPath(configuration["Evidence:Path"] ?? Path.Combine("App_Data", "evidence"), environment.ContentRootPath), time),
                "AzureBlob" => new AzureBlobEvidenceFiles(new Azure.Storage.Blobs.BlobContainerClient(
                    configuration["Evidence:ConnectionString"] is { Length: > 0 } connection ? connection
                        : throw new InvalidOperationException("Evidence:Provider AzureBlob needs Evidence:ConnectionString."),
                    configuration["Evidence:Container"] is { Length: > 0 } container ? container : DefaultContainer, StorageOptions)),
                var other => throw new InvalidOperationException($"Evidence:Provider '{other}' is not known; use Folder (the default) or AzureBlob."),
            };
        });
        return services;
    }

    public static RouteGroupBuilder MapEvidence(this IEndpointRouteBuilder routes)
    {
        var maxBytes = routes.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<long?>("Evidence:MaxBytes") ?? DefaultMaxBytes;
        // A store misconfigured (unknown provider, AzureBlob without a connection string) fails the start, not the first upload.
        routes.ServiceProvider.GetRequiredService<IEvidenceFiles>();
        var group = routes.MapGroup("/v1/evidence").WithTags("Evidence").RequireAuthorization();

        group.MapPut("/{sha256}", PutEvidence).WithName("PutEvidence")
            .WithSummary("Store a capture under its SHA-256 (rights holder or admin); the bytes are checked against the path")
            .RequireAuthorization(Roles.RightsHolder)
            .WithBodyLimit(maxBytes)
            .ProducesValidationProblem(422);
        group.MapGet("/{sha256}", GetEvidence).WithName("GetEvidence")
            .WithSummary("Read a capture (ranges, ETag): admins, its uploader's organisation, and the plaintiffs and engines of a ruling citing it")
            .Produces<Stream>(200, "application/octet-stream").Produces<Stream>(206, "application/octet-stream");
        // A HEAD answer has no body: the handler's refusals (400, 404) are their status alone, without a problem's
        // Content-Type, which would promise a body.
        group.MapMethods("/{sha256}", [HttpMethods.Head], GetEvidence).WithName("HeadEvidence")
            .AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context);
                if ((result as INestedHttpResult)?.Result is not ProblemHttpResult problem) return result;
                if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                return TypedResults.StatusCode(problem.StatusCode);
            })
            .WithSummary("A capture's headers (length, media type, ETag) without its bytes; who may read it as for GET")
            .Produces<Stream>(200, "application/octet-stream");
        return group;
    }

    /// <remarks>
    /// The body is hashed while it streams to the store (never held whole) and kept only when its SHA-256 is the path's (422
    /// otherwise, nothing kept). 201 when stored now, 200 with the same body when already stored. At most Evidence:MaxBytes
    /// (default 100 MiB): a longer declared Content-Length is 413 before anything is read. The Content-Type is the capture's
    /// media type (application/octet-stream when absent). An empty body is 422.
    /// </remarks>
    /// <param name="sha256">The SHA-256 of the bytes: 64 lowercase hex digits (400 otherwise).</param>
    /// <param name="body">The capture's bytes.</param>
    public static async Task<Results<Created<EvidenceContract>, Ok<EvidenceContract>, ProblemHttpResult>> PutEvidence(
        [ParameterExample("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")] string sha256, Stream body, HttpContext http,
        IEvidenceFiles files, EvidenceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IsHash(sha256)) return NotAHash(sha256);
        var mediaType = http.Request.ContentType ?? "application/octet-stream";
        if (mediaType.Length > MaxMediaType || !MediaTypeHeaderValue.TryParse(mediaType, out _) || PlainTextRules.FirstForbidden(mediaType) >= 0)
        {
            return Problems.Validation("Content-Type",
                $"The Content-Type must be a media type of at most {MaxMediaType} characters (like image/png).");
        }
        long size = 0;
        string actual;
        await using (var upload = await files.StartAsync(sha256, cancellationToken))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await upload.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (size == 0) return Problems.Validation("body", "The body is empty: send the capture's bytes.");
            if (actual != sha256)
            {
                return Problems.Validation("sha256",
                    $"The body's SHA-256 is {actual}, not {sha256}: nothing was stored. Send the bytes whose hash is the path.");
            }
            await upload.CommitAsync(cancellationToken);
        }
        var (evidence, created) = await store.RecordAsync(new EvidenceContract(sha256, size, mediaType, time.GetUtcNow()), Caller.From(http.User),
            cancellationToken);
        return created ? TypedResults.Created($"/v1/evidence/{sha256}", evidence) : TypedResults.Ok(evidence);
    }

    /// <remarks>
    /// The bytes with their media type, `ETag: "&lt;sha256&gt;"` and range requests (`Range: bytes=0-99` → 206). Readable by
    /// admins, the organisations that uploaded it, and the plaintiffs and bound engines of a ruling where a request or a
    /// mirror report cites it; 404 to everyone else, as to a hash not stored.
    /// </remarks>
    /// <param name="sha256">The SHA-256 of the capture: 64 lowercase hex digits (400 otherwise).</param>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetEvidence(
        [ParameterExample("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")] string sha256, HttpContext http, IEvidenceFiles files,
        EvidenceStore store, CancellationToken cancellationToken)
    {
        if (!IsHash(sha256)) return NotAHash(sha256);
        var evidence = await store.GetAsync(sha256, cancellationToken);
        if (evidence is null || !await store.MayReadAsync(sha256, Caller.From(http.User), cancellationToken)
            || await files.OpenReadAsync(sha256, cancellationToken) is not { } stream)
        {
            return Problems.NotFound($"Evidence '{sha256}'");
        }
        return TypedResults.Stream(stream, evidence.MediaType, enableRangeProcessing: true, lastModified: evidence.StoredAt,
            entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
    }

    /// <summary>64 lowercase hex digits: the only form of a capture's address.</summary>
    public static bool IsHash(string? value) => value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static ProblemHttpResult NotAHash(string value) =>
        Problems.BadRequest($"'{(value.Length > 80 ? value[..80] + "…" : value)}' is not a SHA-256: give 64 lowercase hex digits.");
}
