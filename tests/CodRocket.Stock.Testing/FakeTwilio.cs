using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Testing;

/// <summary>
/// A real HTTP endpoint standing in for Twilio's REST API: it receives the library's actual POST to
/// /2010-04-01/Accounts/{sid}/Messages.json (SMS and WhatsApp alike) and answers like Twilio does.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTwilio(WebApplication app) => _app = app;

    public ConcurrentQueue<Sms> Messages { get; } = new();

    public string BaseUrl => _app.Urls.First();

    public IReadOnlyList<Sms> To(string phone) => Messages.Where(m => m.To == phone).ToList();

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (string sid, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var sms = new Sms(sid, form["To"].ToString(), form["From"].ToString(), form["MessagingServiceSid"].ToString(), form["Body"].ToString(),
                form["ContentSid"].ToString(), form["ContentVariables"].ToString());
            fake.Messages.Enqueue(sms);
            return Results.Json(new
            {
                sid = "SM" + Guid.NewGuid().ToString("N"),
                account_sid = sid,
                to = sms.To,
                from = sms.From,
                body = sms.Body,
                status = "queued",
                num_segments = "1",
                direction = "outbound-api",
                api_version = "2010-04-01",
            }, statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A message as Twilio received it: an SMS (<paramref name="Body"/>), or a WhatsApp template ("whatsapp:" addresses,
    /// <paramref name="ContentSid"/> and its <paramref name="ContentVariables"/> as JSON).</summary>
    public sealed record Sms(string AccountSid, string To, string From, string MessagingServiceSid, string Body, string ContentSid = "", string ContentVariables = "");
}
