using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CodRocket.Stock.Notifications;

/// <summary>SMTP through MailKit: one connection per delivery batch, one MIME message (HTML + text) per e-mail.</summary>
public sealed class MailKitEmailSender(IOptions<SmtpOptions> options, ILogger<MailKitEmailSender> logger) : IEmailSender
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    public async Task<IEmailSession> OpenAsync(CancellationToken ct)
    {
        var smtp = options.Value;
        var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        // Nagle's algorithm holds the end of each message until the server acknowledges the previous packet, and
        // servers delay acknowledgements by up to 40 ms: measured, that was 45 ms per message instead of 4.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(smtp.Host!, smtp.Port, ct);
            await client.ConnectAsync(socket, smtp.Host!, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            }, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
        return new Session(client, MailboxAddress.Parse(smtp.From), logger);
    }

    private sealed class Session(SmtpClient client, MailboxAddress from, ILogger logger) : IEmailSession
    {
        public async Task SendAsync(EmailMessage message, CancellationToken ct)
        {
            using var mime = new MimeMessage();
            mime.From.Add(from);
            mime.To.Add(MailboxAddress.Parse(message.To));
            mime.Subject = message.Subject;
            if (message.UnsubscribeUrl is { } unsubscribe)
            {
                // RFC 2369 and RFC 8058: mail apps show their own "Unsubscribe" button, which POSTs to the link.
                mime.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
                mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            mime.Body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text }.ToMessageBody();
            await client.SendAsync(mime, ct);
            logger.LogInformation("E-mail \"{Subject}\" sent to {Recipient}", message.Subject, Redact.Email(message.To));
        }

        public async ValueTask DisposeAsync()
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(quit: true);
                }
                catch (Exception e) when (e is IOException or MailKit.ProtocolException or OperationCanceledException)
                {
                    // The messages are sent; a server that hangs up first changes nothing.
                }
            }
            client.Dispose();
        }
    }
}
