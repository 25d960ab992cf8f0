using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CodRocket.Stock.Testing;

/// <summary>
/// A TCP proxy in front of the test PostgreSQL that a test can cut, to lose the database without stopping it for the
/// other tests: <see cref="Refuse"/> closes every connection and refuses new ones (a stopped server), <see cref="Partition"/>
/// keeps them open and silently drops every byte (a network partition), <see cref="Restore"/> lets traffic through again.
/// </summary>
public sealed class DatabaseProxy : IAsyncDisposable
{
    private enum Mode { Open, Refuse, Partition }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile Mode _mode = Mode.Open;

    private DatabaseProxy(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _targetHost = builder.Host ?? "127.0.0.1";
        _targetPort = builder.Port;
        _listener.Start();
        builder.Host = "127.0.0.1";
        builder.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = builder.ConnectionString;
        _ = AcceptAsync();
    }

    /// <summary>The same database, through the proxy.</summary>
    public string ConnectionString { get; }

    public static DatabaseProxy Start(string connectionString) => new(connectionString);

    public void Refuse()
    {
        _mode = Mode.Refuse;
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }

    public void Partition() => _mode = Mode.Partition;

    public void Restore() => _mode = Mode.Open;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            if (_mode == Mode.Refuse)
            {
                client.Dispose();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var server = new TcpClient();
        _connections[client] = 0;
        _connections[server] = 0;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception)
        {
            // A cut connection ends here.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(server, out _);
            client.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (_mode == Mode.Open)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Refuse();
        _stop.Dispose();
    }
}
