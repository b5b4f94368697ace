using System.Buffers;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Delisting.Api.Http;

namespace Delisting.Api.Evidence;

/// <summary>
/// Captures in Azure Blob Storage: one block blob per capture in <c>Evidence:Container</c>, named by its hash. An upload
/// stages the bytes as blocks of <see cref="BlockBytes"/> (the only buffer it holds) and commits their list only when the
/// whole body is in and matches its hash; a body of one block is sent in one request once it has matched. Staged blocks are
/// not a blob: nothing reads them. Those of an upload cut short (client gone, mismatch, crash) stay uncommitted until the
/// storage service drops them: at once when an upload of the same hash is stored, else after a week. So a body that fails
/// its hash leaves uncommitted blocks only when it is longer than a block. A failure of the storage service (down,
/// unreachable, refusing the account) is <see cref="DependencyUnavailableException"/>: 503, the upload may be sent again.
/// </summary>
public sealed class AzureBlobEvidenceFiles(BlobContainerClient container) : IEvidenceFiles
{
    /// <summary>The size of a staged block: the memory one upload holds beyond the request's own buffers.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    private volatile bool containerExists;

    public async Task<IEvidenceUpload> StartAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!containerExists)
        {
            await Guarded(() => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            containerExists = true;
        }
        return new Upload(container.GetBlockBlobClient(sha256));
    }

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            // Seekable with a known length, read in ranged requests: what range processing needs, without a local copy.
            return await container.GetBlobClient(sha256).OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
        }
        catch (RequestFailedException failure) when (failure.Status == 404)
        {
            return null;
        }
        catch (Exception failure) when (IsStorageFailure(failure))
        {
            throw Unavailable(failure);
        }
    }

    private static DependencyUnavailableException Unavailable(Exception failure) => new("The evidence storage", failure);

    // What the SDK throws when the service answered an error, and, after its retries of a call that never got an
    // answer (refused, reset, timed out), the failures of every try together.
    private static bool IsStorageFailure(Exception failure) =>
        failure is RequestFailedException || failure is AggregateException { InnerExceptions: var tries } && tries.All(IsStorageFailure);

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception failure) when (IsStorageFailure(failure))
        {
            throw Unavailable(failure);
        }
    }

    private sealed class Upload(BlockBlobClient blob) : IEvidenceUpload
    {
        // Block ids of one blob must all have one length; a fresh prefix keeps concurrent uploads of one hash apart.
        private readonly string prefix = Guid.NewGuid().ToString("N");
        private readonly List<string> blocks = [];
        private byte[]? buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        private int filled;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            var into = buffer ?? throw new ObjectDisposedException(nameof(Upload));
            while (!bytes.IsEmpty)
            {
                // A full buffer is staged only when more bytes come: a body of one block reaches the storage service
                // after its hash is checked, or never.
                if (filled == BlockBytes) await StageAsync(into, cancellationToken);
                var taken = Math.Min(bytes.Length, BlockBytes - filled);
                bytes[..taken].CopyTo(into.AsMemory(filled));
                filled += taken;
                bytes = bytes[taken..];
            }
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            var into = buffer ?? throw new ObjectDisposedException(nameof(Upload));
            var absent = new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                if (blocks.Count == 0)
                {
                    using var content = new MemoryStream(into, 0, filled, writable: false);
                    await blob.UploadAsync(content, new BlobUploadOptions { Conditions = absent }, cancellationToken);
                }
                else
                {
                    if (filled > 0) await StageAsync(into, cancellationToken);
                    await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { Conditions = absent }, cancellationToken);
                }
            }
            catch (Exception failure) when (IsStorageFailure(failure))
            {
                // Stored meanwhile by another upload of the same hash (whose commit dropped this one's blocks): the same
                // bytes, so the capture is kept as it is.
                if (!await Guarded(() => blob.ExistsAsync(cancellationToken))) throw Unavailable(failure);
            }
        }

        private async Task StageAsync(byte[] into, CancellationToken cancellationToken)
        {
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{prefix}-{blocks.Count:D6}"));
            using var content = new MemoryStream(into, 0, filled, writable: false);
            await Guarded(() => blob.StageBlockAsync(id, content, cancellationToken: cancellationToken));
            blocks.Add(id);
            filled = 0;
        }

        public ValueTask DisposeAsync()
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
            return ValueTask.CompletedTask;
        }
    }
}
