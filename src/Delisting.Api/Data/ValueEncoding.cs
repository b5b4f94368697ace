using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace Delisting.Api.Data;

/// <summary>
/// How values are stored, one rule per kind of value. SQLite has no date types: instants are text in one format
/// (UTC, 7 fractional digits, 'Z') and dates 'yyyy-MM-dd', so that comparing the text orders them correctly;
/// booleans are 0/1. SQL Server gets native datetimeoffset, date and bit values. Every write path (Dapper
/// parameters, bulk inserts, kept-prepared reads) goes through here.
/// </summary>
public static class ValueEncoding
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatInstant(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A value as SQLite stores it.</summary>
    public static object ForSqlite(object? value) => value switch
    {
        null or DBNull => DBNull.Value,
        DateTimeOffset instant => FormatInstant(instant),
        DateOnly date => FormatDate(date),
        bool flag => flag ? 1L : 0L,
        Enum => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>A value as SQL Server stores it: one CLR type per kind of value (a column never mixes int and long).</summary>
    public static object? ForSqlServer(object? value) => value switch
    {
        null or DBNull => null,
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        Enum or byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    internal static void Bind(IDbDataParameter parameter, object value)
    {
        if (parameter is SqlParameter)
        {
            parameter.DbType = value is DateOnly ? DbType.Date : DbType.DateTimeOffset;
            parameter.Value = ForSqlServer(value);
        }
        else
        {
            parameter.DbType = DbType.String;
            parameter.Value = ForSqlite(value);
        }
    }

    public static DateTimeOffset ReadInstant(object value) => value switch
    {
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        // The format written here parses fastest digit by digit; anything else (hand edits) the slow way.
        string text when TryParseStored(text, out var stored) => stored,
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new DataException($"Cannot read an instant from {value.GetType()}."),
    };

    public static DateOnly ReadDate(object value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new DataException($"Cannot read a date from {value.GetType()}."),
    };

    /// <summary>Reads "yyyy-MM-ddTHH:mm:ss.fffffffZ" digit by digit: item pages read two instants per row.</summary>
    internal static bool TryParseStored(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 28 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.'
            || text[27] != 'Z')
        {
            return false;
        }
        int Digits(int start, int count)
        {
            var n = 0;
            for (var i = start; i < start + count; i++)
            {
                var d = text[i] - '0';
                if ((uint)d > 9) return -1;
                n = n * 10 + d;
            }
            return n;
        }
        int year = Digits(0, 4), month = Digits(5, 2), day = Digits(8, 2), hour = Digits(11, 2), minute = Digits(14, 2), second = Digits(17, 2),
            fraction = Digits(20, 7);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year,
            month) || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59 || fraction < 0)
        {
            return false;
        }
        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction), TimeSpan.Zero);
        return true;
    }

    public static string PascalCase(string snake) =>
        string.Concat(snake.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
