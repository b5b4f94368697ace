using System.Data;

namespace Delisting.Api.Data.SqlServer;

/// <summary>Rows for SqlBulkCopy as a DataTable whose column types it converts correctly.</summary>
internal static class BulkRows
{
    /// <summary>
    /// Each column's type comes from its first non-null value (a leading null does not make it a string column),
    /// after encoding values as <see cref="ValueEncoding.ForSqlServer"/> does for parameters.
    /// </summary>
    public static DataTable ToDataTable(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var encoded = new List<object?[]>();
        foreach (var row in rows)
        {
            if (row.Length != columns.Count)
            {
                throw new ArgumentException($"A row has {row.Length} values for the {columns.Count} columns of the bulk insert.", nameof(rows));
            }
            encoded.Add(Array.ConvertAll(row, ValueEncoding.ForSqlServer));
        }

        var data = new DataTable();
        for (var i = 0; i < columns.Count; i++)
        {
            var type = encoded.Select(r => r[i]).FirstOrDefault(v => v is not null)?.GetType() ?? typeof(object);
            var other = encoded.Select(r => r[i]).FirstOrDefault(v => v is not null && v.GetType() != type);
            if (other is not null)
            {
                throw new ArgumentException($"Column {columns[i]} mixes {type.Name} and {other.GetType().Name} values.", nameof(rows));
            }
            data.Columns.Add(columns[i], type);
        }
        foreach (var row in encoded) data.Rows.Add(Array.ConvertAll(row, v => v ?? DBNull.Value));
        return data;
    }
}
