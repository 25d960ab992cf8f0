using System.Net.Sockets;
using CodRocket.Stock.Data;
using Npgsql;

namespace CodRocket.Stock.Tests.Data;

public class DatabaseFailuresTests
{
    [Fact]
    public void A_refused_or_lost_connection_wrapped_by_EF_is_the_database_being_unavailable()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var lost = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        DatabaseFailures.IsUnavailable(new InvalidOperationException("likely due to a transient failure", refused)).Should().BeTrue();
        DatabaseFailures.IsUnavailable(new InvalidOperationException("likely due to a transient failure", lost)).Should().BeTrue();
        DatabaseFailures.IsUnavailable(new TimeoutException()).Should().BeTrue();
    }

    [Fact]
    public void A_bug_is_not_the_database_being_unavailable()
    {
        DatabaseFailures.IsUnavailable(new InvalidOperationException("Sequence contains no elements")).Should().BeFalse();
        DatabaseFailures.IsUnavailable(new ArgumentException("bad")).Should().BeFalse();
    }
}
