namespace Delisting.Api.Data;

/// <summary>What one checkpoint of the database's log did.</summary>
/// <param name="Complete">The log was emptied (or the server manages its log itself): nothing is left to copy back.</param>
/// <param name="LogPages">Pages left in the log (0 once emptied).</param>
/// <param name="CopiedPages">Of those, the pages already copied back into the database file.</param>
public sealed record LogCheckpoint(bool Complete, long LogPages, long CopiedPages)
{
    public static readonly LogCheckpoint NotNeeded = new(true, 0, 0);

    /// <summary>The checkpoint could not run at all (an error); it is tried again later.</summary>
    public static readonly LogCheckpoint Failed = new(false, -1, -1);
}
