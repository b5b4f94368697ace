using Delisting.Api.Data.SqlServer;
using Delisting.Api.Data;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>The DataTable handed to SqlBulkCopy: column types SQL Server converts right, whatever the first row holds.</summary>
public sealed class SqlServerBulkInsertTests
{
    private static readonly string[] Columns = ["id", "url_hash", "created_at", "decided_on", "already_requested", "position", "reason"];

    [Fact]
    public void Column_types_come_from_the_first_non_null_value()
    {
        var hash = new byte[32];
        var paris = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(1));
        var data = BulkRows.ToDataTable(Columns,
        [
            ["n_1", null, null, null, null, null, null],
            ["n_2", hash, paris, new DateOnly(2013, 11, 28), true, 3, "rejected"],
        ]);

        Assert.Equal([typeof(string), typeof(byte[]), typeof(DateTimeOffset), typeof(DateTime), typeof(bool), typeof(long), typeof(string)],
            data.Columns.Cast<System.Data.DataColumn>().Select(c => c.DataType));
        Assert.All(data.Rows[0].ItemArray.Skip(1), v => Assert.Equal(DBNull.Value, v));
        Assert.Same(hash, data.Rows[1]["url_hash"]);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)data.Rows[1]["created_at"]).Offset);
        Assert.Equal(paris, (DateTimeOffset)data.Rows[1]["created_at"]);
        Assert.Equal(new DateTime(2013, 11, 28), data.Rows[1]["decided_on"]);
    }

    [Fact]
    public void A_column_of_nulls_only_stays_null()
    {
        var data = BulkRows.ToDataTable(["id", "reason"], [["i_1", null], ["i_2", null]]);
        Assert.Equal(2, data.Rows.Count);
        Assert.All(data.Rows.Cast<System.Data.DataRow>(), r => Assert.Equal(DBNull.Value, r["reason"]));
    }

    [Fact]
    public void Integers_of_any_width_share_one_column()
    {
        var data = BulkRows.ToDataTable(["position"], [[1], [2L], [(short)3]]);
        Assert.Equal(typeof(long), data.Columns[0].DataType);
        Assert.Equal([1L, 2L, 3L], data.Rows.Cast<System.Data.DataRow>().Select(r => (long)r[0]));
    }

    [Fact]
    public void Rows_of_the_wrong_width_and_mixed_columns_are_refused()
    {
        Assert.Throws<ArgumentException>(() => BulkRows.ToDataTable(["id", "url"], [["n_1"]]));
        Assert.Throws<ArgumentException>(() => BulkRows.ToDataTable(["position"], [[1], ["2"]]));
    }

    [Fact]
    public void No_rows_make_an_empty_table()
    {
        Assert.Equal(0, BulkRows.ToDataTable(Columns, []).Rows.Count);
    }
}
