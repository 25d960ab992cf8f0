using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CodRocket.Stock.Webhooks;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Webhooks;

/// <summary>
/// Posts a signed delivery through a named client: a short timeout, no redirects (a 3xx is a failed attempt, never a
/// hop to somewhere the guard did not check), and a connect callback that resolves the host and refuses it unless
/// every address passes <see cref="WebhookUrlPolicy"/> — at each connection, so a name re-pointed at a private
/// address after it was saved reaches nothing.
/// </summary>
public sealed class HttpWebhookSender(IHttpClientFactory clients, ILogger<HttpWebhookSender> logger) : IWebhookSender
{
    public const string ClientName = "webhooks";

    public static IServiceCollection AddWebhookSender(IServiceCollection services, IHostEnvironment environment)
    {
        // Only https in Production unless configured otherwise; elsewhere a local http receiver is fine.
        services.PostConfigure<WebhookOptions>(o => o.RequireHttps ??= environment.IsProduction());
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();
        services.AddHttpClient(ClientName, (provider, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("CodRocket-Stock-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var policy = provider.GetRequiredService<WebhookUrlPolicy>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                    ConnectCallback = async (context, ct) =>
                    {
                        var addresses = await policy.ResolveAsync(context.DnsEndPoint.Host, ct);
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                        try
                        {
                            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
            });
        return services;
    }

    public async Task<WebhookPostResult> SendAsync(WebhookPost request, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new StringContent(request.Body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            return new WebhookPostResult((int)response.StatusCode, watch.Elapsed, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or WebhookAddressRefusedException or InvalidOperationException or UriFormatException)
        {
            var refused = FindRefusal(e);
            var error = refused?.Message ?? (e is TaskCanceledException ? "The receiver did not answer in time." : e.Message);
            logger.LogInformation("Webhook post failed: {Error}", error);
            return new WebhookPostResult(null, watch.Elapsed, error);
        }
    }

    private static WebhookAddressRefusedException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }
}
