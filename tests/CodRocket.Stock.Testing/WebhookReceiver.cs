using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CodRocket.Stock.Testing;

/// <summary>One POST as the receiver saw it, and the status it answered.</summary>
public sealed record ReceivedWebhook(string Id, long Timestamp, string Signature, string Body, int AnsweredWith)
{
    public string Type => System.Text.Json.Nodes.JsonNode.Parse(Body)!["type"]!.GetValue<string>();

    public System.Text.Json.Nodes.JsonNode Data => System.Text.Json.Nodes.JsonNode.Parse(Body)!["data"]!;
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (an in-process HttpListener): records every request, and answers 500 to the
/// next <see cref="FailNext"/> ones, as a receiver that is down would.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Task _loop;
    private int _failures;

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hooks";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }
    public int Port => new Uri(Url).Port;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The requests it accepted (answered 2xx).</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. _received.Where(r => r.AnsweredWith < 300)];

    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Decrement(ref _failures) >= 0 ? 500 : 200;
            _received.Enqueue(new ReceivedWebhook(
                context.Request.Headers["webhook-id"] ?? "",
                long.TryParse(context.Request.Headers["webhook-timestamp"], out var ts) ? ts : 0,
                context.Request.Headers["webhook-signature"] ?? "",
                body,
                status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
