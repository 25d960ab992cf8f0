using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace CodRocket.Stock.Notifications;

/// <summary>SMS through Twilio's REST API. Message creation is not idempotent: the outbox claims a row before sending it.</summary>
public sealed class TwilioSmsSender : ISmsSender, IDisposable
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
