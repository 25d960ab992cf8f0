using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// SMS and WhatsApp through Twilio's REST API, one client and one set of credentials. Message creation is not
/// idempotent: the outbox claims a row before sending it.
/// </summary>
public sealed class TwilioSmsSender : ISmsSender, IWhatsAppSender, IDisposable
{
    private readonly TwilioOptions _options;
    private readonly ILogger<TwilioSmsSender> _logger;
    private readonly System.Net.Http.HttpClient _http;
    private readonly TwilioRestClient? _client;

    public TwilioSmsSender(IOptions<TwilioOptions> options, ILogger<TwilioSmsSender> logger)
    {
        _options = options.Value;
        _logger = logger;
        // Twilio's library has no base-address option: a handler sends its requests where ApiBaseUrl says.
        _http = _options.ApiBaseUrl is { Length: > 0 } baseUrl
            ? new System.Net.Http.HttpClient(new RedirectHandler(new Uri(baseUrl)) { InnerHandler = new System.Net.Http.HttpClientHandler() })
            : new System.Net.Http.HttpClient();
        if (_options.IsConfigured)
        {
            _client = new TwilioRestClient(_options.AccountSid, _options.AuthToken, httpClient: new SystemNetHttpClient(_http));
        }
    }

    public bool IsConfigured => _client is not null;

    bool IWhatsAppSender.IsConfigured => _client is not null && _options.IsWhatsAppConfigured;

    /// <summary>
    /// Through Twilio's WhatsApp sender: "whatsapp:" addresses, and the approved template (a Content SID) with the
    /// text as its variable — the only kind of message WhatsApp lets a business start a conversation with.
    /// </summary>
    async Task IWhatsAppSender.SendAsync(string toE164, string text, CancellationToken ct)
    {
        var create = new CreateMessageOptions(new PhoneNumber("whatsapp:" + toE164))
        {
            ContentSid = _options.WhatsAppTemplate,
            ContentVariables = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["1"] = text }),
        };
        if (!string.IsNullOrWhiteSpace(_options.MessagingServiceSid))
        {
            create.MessagingServiceSid = _options.MessagingServiceSid;
        }
        else
        {
            create.From = new PhoneNumber("whatsapp:" + _options.WhatsAppSender);
        }
        ct.ThrowIfCancellationRequested(); // the library takes no token
        var message = await MessageResource.CreateAsync(create, _client ?? throw new InvalidOperationException("Twilio is not configured."));
        _logger.LogInformation("WhatsApp message {MessageSid} sent to {Recipient}", message.Sid, Redact.Phone(toE164));
    }

    public async Task SendAsync(string toE164, string body, CancellationToken ct)
    {
        var create = new CreateMessageOptions(new PhoneNumber(toE164)) { Body = body };
        if (!string.IsNullOrWhiteSpace(_options.MessagingServiceSid))
        {
            create.MessagingServiceSid = _options.MessagingServiceSid;
        }
        else
        {
            create.From = new PhoneNumber(_options.From);
        }
        ct.ThrowIfCancellationRequested(); // the library takes no token
        var message = await MessageResource.CreateAsync(create, _client ?? throw new InvalidOperationException("Twilio is not configured."));
        _logger.LogInformation("SMS {MessageSid} sent to {Recipient}", message.Sid, Redact.Phone(toE164));
    }

    public void Dispose() => _http.Dispose();

    private sealed class RedirectHandler(Uri target) : System.Net.Http.DelegatingHandler
    {
        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(target, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
