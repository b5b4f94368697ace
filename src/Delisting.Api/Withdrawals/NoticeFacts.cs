using System.Data.Common;
using Delisting.Api.Data;

namespace Delisting.Api.Withdrawals;

/// <summary>
/// What an item row carries of its notice (URL, site, deadline), read once per notice while the call finds its
/// notices, so the answer's items are read without it: a withdrawal of 10,000 URLs answers with 40,000 items, four per
/// notice. Every notice of a call is under the call's ruling.
/// </summary>
public class NoticeFacts
{
    /// <summary>The columns of <see cref="NoticeFacts"/>, with `n` the notices table.</summary>
    public const string Columns = "n.seq, n.id, n.url, n.site, n.deadline, n.created_at, n.obligation_ends_at";

    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public string Url { get; init; } = "";
    public string Site { get; init; } = "";
    public DateTimeOffset Deadline { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ObligationEndsAt { get; init; }

    /// <summary>The notice in a row that has <see cref="Columns"/> from column <paramref name="first"/> on.</summary>
    public static NoticeFacts Read(DbDataReader row, int first) => new()
    {
        Seq = row.GetInt64(first), Id = row.GetString(first + 1), Url = row.GetString(first + 2), Site = row.GetString(first + 3),
        Deadline = ValueEncoding.ReadInstant(row.GetValue(first + 4)), CreatedAt = ValueEncoding.ReadInstant(row.GetValue(first + 5)),
        ObligationEndsAt = row.IsDBNull(first + 6) ? null : ValueEncoding.ReadInstant(row.GetValue(first + 6)),
    };
}
