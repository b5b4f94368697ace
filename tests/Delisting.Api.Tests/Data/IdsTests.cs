using System.Text.RegularExpressions;
using Delisting.Api.Http;

namespace Delisting.Api.Tests.Data;

public sealed class IdsTests
{
    [Fact]
    public void Ids_are_unique_opaque_and_ordered_by_the_millisecond_they_were_made()
    {
        var ids = Enumerable.Range(0, 50_000).Select(_ => Ids.New("itm")).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(new Regex("^itm_[0-9a-f]{32}$"), id));
        // The first 12 hex digits are the creation time: never decreasing, so inserts stay at the index's edge.
        var stamps = ids.Select(id => Convert.ToInt64(id[4..16], 16)).ToList();
        Assert.True(stamps.Zip(stamps.Skip(1)).All(p => p.First <= p.Second));
        Assert.InRange(stamps[0], DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // The random part differs even within one millisecond.
        Assert.Equal(ids.Count, ids.Select(id => id[16..]).Distinct().Count());
    }
}
