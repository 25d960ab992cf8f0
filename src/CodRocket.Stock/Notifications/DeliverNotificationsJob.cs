using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// Delivers a store's pending notifications: claims them (so a duplicate run skips them), sends e-mail as one
/// digest per recipient through one SMTP connection and each SMS on its own, and records every attempt. A failed
/// attempt goes back to the queue with a backoff; the sweep runs what falls due.
/// </summary>
public sealed class DeliverNotificationsJob(
    ITenantContext tenant,
    StockDbContext db,
    NotificationOutbox outbox,
    NotificationComposer composer,
    NotificationSenders senders,
    ILogger<DeliverNotificationsJob> logger)
{
    private const int RecipientsPerClaim = 100;

    public async Task RunAsync(Guid tenantId, CancellationToken ct)
    {
        tenant.Set(tenantId, null);
        // One connection for the whole run: each send is recorded as soon as it is made.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var store = await db.CurrentTenantAsync(ct);
            await DeliverEmailAsync(store, ct);
            await DeliverSmsAsync(store, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task DeliverEmailAsync(Tenant store, CancellationToken ct)
    {
        if (!senders.Email.IsConfigured && !senders.LogsUnsent)
        {
            // Not claimed: the rows stay pending for a node with an SMTP server (the sweep enqueues them again).
            logger.LogDebug("No SMTP server on this node; e-mail for store {StoreId} left for a node that has one", store.Id);
            return;
        }
        while (!ct.IsCancellationRequested)
        {
            var claimed = await outbox.ClaimAsync(NotificationChannel.Email, RecipientsPerClaim, ct);
            if (claimed.Count == 0)
            {
                return;
            }
            var messages = await ComposeEmailsAsync(store, claimed, ct);
            if (!senders.Email.IsConfigured)
            {
                foreach (var message in messages)
                {
                    // Never a token or a link carrying one: an invitation's or a confirmation's body stays out of the log.
                    logger.LogInformation("SMTP not configured; e-mail \"{Subject}\" to {Recipient} logged, not sent:\n{Text}",
                        message.Subject, Redact.Email(message.To), message.CarriesToken ? "(its link carries a token and is not logged)" : message.Text);
                }
                await outbox.MarkLoggedAsync([.. claimed.Select(c => c.Id)], "SMTP is not configured: logged, not sent.", ct);
                continue;
            }
            await SendAllAsync(messages, ct);
        }
    }

    /// <summary>
    /// Sends through one SMTP connection. Recording a send overlaps with the next one (the database and the mail
    /// server are different round trips), but is always finished before anything else touches the outbox.
    /// </summary>
    private async Task SendAllAsync(IReadOnlyList<EmailMessage> messages, CancellationToken ct)
    {
        IEmailSession? session = null;
        Task? recording = null;
        try
        {
            foreach (var message in messages)
            {
                try
                {
                    session ??= await senders.Email.OpenAsync(ct);
                    await session.SendAsync(message, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // One line, no stack trace: the cause is the mail server, not the code.
                    logger.LogWarning("E-mail to {Recipient} failed ({Error}); will retry", Redact.Email(message.To), e.Message);
                    await WaitAsync(recording);
                    recording = null;
                    await outbox.RetryLaterAsync(message.NotificationIds, e.Message, ct);
                    // The connection may be what failed: the next message opens a fresh one.
                    if (session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                    continue;
                }
                await WaitAsync(recording);
                recording = outbox.MarkSentAsync(message.NotificationIds, ct);
            }
        }
        finally
        {
            await WaitAsync(recording);
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    private static Task WaitAsync(Task? task) => task ?? Task.CompletedTask;

    private async Task<List<EmailMessage>> ComposeEmailsAsync(Tenant store, List<ClaimedNotification> claimed, CancellationToken ct)
    {
        var alerts = await composer.AlertsAsync(claimed.Where(c => c.AlertId is not null).Select(c => c.AlertId!.Value), ct);
        var culture = await CulturesAsync(store, claimed, ct);
        var messages = new List<EmailMessage>();
        foreach (var recipient in claimed.Where(c => c.Kind == NotificationKind.Alert).GroupBy(c => c.Recipient))
        {
            var lines = recipient.Where(c => alerts.ContainsKey(c.AlertId!.Value)).Select(c => alerts[c.AlertId!.Value]).DistinctBy(a => a.AlertId).ToList();
            messages.Add(composer.AlertEmail(store.Name, recipient.Key, lines, [.. recipient.Select(c => c.Id)], culture(recipient.First().UserId)));
        }
        foreach (var invitation in claimed.Where(c => c.Kind == NotificationKind.Invitation))
        {
            messages.Add(await senders.InvitationAsync(store.Name, invitation, culture(invitation.UserId), ct));
        }
        foreach (var confirmation in claimed.Where(c => c.Kind == NotificationKind.Confirmation))
        {
            messages.Add(await senders.ConfirmationAsync(store.Name, confirmation, culture(confirmation.UserId), ct));
        }
        return messages;
    }

    /// <summary>Each recipient reads their own language: the one they chose, else the store's.</summary>
    private async Task<Func<Guid?, CultureInfo>> CulturesAsync(Tenant store, List<ClaimedNotification> claimed, CancellationToken ct)
    {
        var userIds = claimed.Where(c => c.UserId is not null).Select(c => c.UserId!.Value).Distinct().ToList();
        var chosen = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Language != null)
            .ToDictionaryAsync(u => u.Id, u => u.Language!, ct);
        return userId => Languages.Culture(userId is { } id && chosen.TryGetValue(id, out var language) ? language : store.Language);
    }

    private async Task DeliverSmsAsync(Tenant store, CancellationToken ct)
    {
        if (!senders.Sms.IsConfigured && !senders.LogsUnsent)
        {
            logger.LogDebug("No Twilio account on this node; SMS for store {StoreId} left for a node that has one", store.Id);
            return;
        }
        while (!ct.IsCancellationRequested)
        {
            var claimed = await outbox.ClaimAsync(NotificationChannel.Sms, RecipientsPerClaim, ct);
            if (claimed.Count == 0)
            {
                return;
            }
            var alerts = await composer.AlertsAsync(claimed.Where(c => c.AlertId is not null).Select(c => c.AlertId!.Value), ct);
            var culture = await CulturesAsync(store, claimed, ct);
            foreach (var sms in claimed)
            {
                var text = sms.AlertId is { } alertId && alerts.TryGetValue(alertId, out var line)
                    ? composer.AlertSms(store.Name, line, culture(sms.UserId))
                    : composer.FallbackSms(store.Name, culture(sms.UserId));
                if (!senders.Sms.IsConfigured)
                {
                    logger.LogInformation("Twilio not configured; SMS to {Recipient} logged, not sent: {Text}", Redact.Phone(sms.Recipient), text);
                    await outbox.MarkLoggedAsync([sms.Id], "Twilio is not configured: logged, not sent.", ct);
                    continue;
                }
                try
                {
                    await senders.Sms.SendAsync(sms.Recipient, text, ct);
                    await outbox.MarkSentAsync([sms.Id], ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogWarning("SMS to {Recipient} failed ({Error}); will retry", Redact.Phone(sms.Recipient), e.Message);
                    await outbox.RetryLaterAsync([sms.Id], e.Message, ct);
                }
            }
        }
    }
}

/// <summary>The channels a delivery job sends through, and the invitation and confirmation links (they need Identity's token providers).</summary>
public sealed class NotificationSenders(
    IEmailSender email, ISmsSender sms, UserManager<StoreUser> users, NotificationComposer composer, IOptions<NotificationModeOptions> mode)
{
    public IEmailSender Email => email;
    public ISmsSender Sms => sms;

    /// <summary>Log-only mode: what this node has no sender for is logged and marked so; otherwise it is left pending.</summary>
    public bool LogsUnsent => mode.Value.LogsUnsent;

    public async Task<EmailMessage> InvitationAsync(string storeName, ClaimedNotification invitation, CultureInfo culture, CancellationToken ct)
    {
        var user = await users.Users.SingleAsync(u => u.Id == invitation.UserId, ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return composer.InvitationEmail(storeName, user.Id, user.FullName, invitation.Recipient, token, invitation.Id, culture);
    }

    /// <summary>The link that confirms a new owner's address (Identity's e-mail confirmation token).</summary>
    public async Task<EmailMessage> ConfirmationAsync(string storeName, ClaimedNotification confirmation, CultureInfo culture, CancellationToken ct)
    {
        var user = await users.Users.SingleAsync(u => u.Id == confirmation.UserId, ct);
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        return composer.ConfirmationEmail(storeName, user.Id, user.FullName, confirmation.Recipient, token, confirmation.Id, culture);
    }
}
