using System.Net.Sockets;
using Npgsql;

namespace CodRocket.Stock.Data;

/// <summary>Tells "the database is out of reach" (retry later) from a bug (a 500 and a stack trace).</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True when <paramref name="exception"/>, or one it wraps (EF wraps Npgsql's), says the connection could not be
    /// made, was lost or timed out, or the server is shutting down, starting up or out of connections.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many connections.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case SocketException or TimeoutException:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(IsUnavailable);
            }
        }
        return false;
    }
}
