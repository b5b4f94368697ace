namespace Delisting.Api.Evidence;

/// <summary>
/// Where captures' bytes are kept, by SHA-256: a folder (<see cref="FolderEvidenceFiles"/>) or Azure Blob Storage
/// (<see cref="AzureBlobEvidenceFiles"/>). An upload is written aside and becomes readable only when committed, whole; one
/// disposed without a commit (or cut short by a crash) leaves nothing readable.
/// </summary>
public interface IEvidenceFiles
{
    /// <summary>A new upload for <paramref name="sha256"/>: write the bytes to its stream, then commit it.</summary>
    Task<IEvidenceUpload> StartAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>The stored bytes (seekable, for range requests), or null when none are stored under the hash.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>An upload in progress; disposed without <see cref="CommitAsync"/> it is discarded.</summary>
public interface IEvidenceUpload : IAsyncDisposable
{
    /// <summary>Appends bytes; the store keeps at most a bounded buffer of them in memory.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Puts the written bytes in place under the hash (replacing nothing: equal bytes may already be there).</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The default store: a folder, one file per capture named by its hash (under a two-character fan-out folder). Uploads are
/// written under tmp/ and moved into place, so a file under its hash is always whole; tmp/ is emptied of old leftovers at start.
/// </summary>
public sealed class FolderEvidenceFiles : IEvidenceFiles
{
    private readonly string root;
    private readonly string temporary;

    public FolderEvidenceFiles(string root, TimeProvider time)
    {
        this.root = root;
        temporary = Path.Combine(root, "tmp");
        Directory.CreateDirectory(temporary);
        // An upload cut short by a crash left its temporary file; none lives an hour.
        foreach (var file in new DirectoryInfo(temporary).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < time.GetUtcNow().UtcDateTime.AddHours(-1)) file.Delete();
        }
    }

    public Task<IEvidenceUpload> StartAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = Path.Combine(temporary, $"{sha256}.{Guid.NewGuid():N}");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        return Task.FromResult<IEvidenceUpload>(new Upload(stream, path, PathOf(sha256)));
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true)
            : null);
    }

    private string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256);

    private sealed class Upload(FileStream stream, string temporaryPath, string finalPath) : IEvidenceUpload
    {
        private bool committed;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
            stream.WriteAsync(bytes, cancellationToken);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            // Equal bytes stored meanwhile are the same capture: keep them.
            if (!File.Exists(finalPath)) File.Move(temporaryPath, finalPath, overwrite: true);
            else File.Delete(temporaryPath);
            committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!committed) File.Delete(temporaryPath);
        }
    }
}
