using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// Delivers a store's due notifications: claims them (so a duplicate run skips them), sends e-mail as one digest
/// per recipient through one SMTP connection and each SMS or WhatsApp message on its own, and records every
/// attempt. A failed attempt goes back to the queue with a backoff; the sweep runs what falls due. What the store's
/// pacing holds back (a recipient's digest window, a member's hourly cap) gets a delivery scheduled for when it
/// falls due.
/// </summary>
public sealed class DeliverNotificationsJob(
    ITenantContext tenant,
    StockDbContext db,
    NotificationOutbox outbox,
    NotificationComposer composer,
    NotificationSenders senders,
    INotificationDispatcher dispatcher,
    IMorningSummarySource summaries,
    ILogger<DeliverNotificationsJob> logger)
{
    // A claim reads every pending row of the store to pace it (who is inside their window, who reached the cap): few
    // large claims, not many small ones (100 a claim made 1,000 recipients cost 3.4x a bare MailKit loop, 500 about
    // 1.7x). 500 sends fit well inside the claim's expiry (Notification.ClaimTimeout) even from a slow mail server.
    private const int RecipientsPerClaim = 500;

    public async Task RunAsync(Guid tenantId, CancellationToken ct)
    {
        tenant.Set(tenantId, null);
        // One connection for the whole run: each send is recorded as soon as it is made.
        await db.Database.OpenConnectionAsync(ct);
        DateTimeOffset? next;
        try
        {
            var store = await db.CurrentTenantAsync(ct);
            var pacing = DeliveryPacing.Of(store);
            next = Earliest(await DeliverEmailAsync(store, pacing, ct),
                Earliest(await DeliverTextsAsync(store, NotificationChannel.Sms, pacing, ct),
                    await DeliverTextsAsync(store, NotificationChannel.WhatsApp, pacing, ct)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (next is { } at && !ct.IsCancellationRequested)
        {
            dispatcher.DispatchAt(tenantId, at);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Sends what is due; returns when what was held back falls due.</summary>
    private async Task<DateTimeOffset?> DeliverEmailAsync(Tenant store, DeliveryPacing pacing, CancellationToken ct)
    {
        if (!senders.Email.IsConfigured && !senders.LogsUnsent)
        {
            // Not claimed: the rows stay pending for a node with an SMTP server (the sweep enqueues them again).
            logger.LogDebug("No SMTP server on this node; e-mail for store {StoreId} left for a node that has one", store.Id);
            return null;
        }
        while (!ct.IsCancellationRequested)
        {
            var (claimed, next) = await outbox.ClaimAsync(NotificationChannel.Email, RecipientsPerClaim, pacing, ct);
            if (claimed.Count == 0)
            {
                return next;
            }
            var messages = await ComposeEmailsAsync(store, claimed, ct);
            if (!senders.Email.IsConfigured)
            {
                foreach (var message in messages)
                {
                    // Never a token or a link carrying one: an invitation's or a confirmation's body stays out of the log, and
                    // an alert's text is logged with its unsubscribe link left out.
                    logger.LogInformation("SMTP not configured; e-mail \"{Subject}\" to {Recipient} logged, not sent:\n{Text}",
                        message.Subject, Redact.Email(message.To), message.CarriesToken ? "(its link carries a token and is not logged)" : message.KeptText ?? message.Text);
                }
                foreach (var message in messages)
                {
                    await outbox.MarkLoggedAsync(message.Record, "SMTP is not configured: logged, not sent.", ct);
                }
                continue;
            }
            await SendAllAsync(messages, ct);
        }
        return null;
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
                    var failure = DeliveryFailure.Of(e);
                    // One line, not a stack trace: the reason is classified, the raw error kept on the row for ops.
                    logger.LogWarning("E-mail to {Recipient} failed ({Reason}, {Fate}): {Error}", Redact.Email(message.To), failure.Reason,
                        failure.Permanent ? "permanent, not retried" : "will retry", failure.Error);
                    await WaitAsync(recording);
                    recording = null;
                    await outbox.FailAsync(message.Record, failure, ct);
                    // The connection may be what failed: the next message opens a fresh one.
                    if (session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                    continue;
                }
                await WaitAsync(recording);
                recording = outbox.MarkSentAsync(message.Record, ct);
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
            var member = recipient.Select(c => c.UserId).FirstOrDefault(u => u is not null);
            messages.Add(await composer.AlertEmailAsync(store.Name, recipient.Key, member, lines, [.. recipient.Select(c => c.Id)], culture(member)));
        }
        foreach (var invitation in claimed.Where(c => c.Kind == NotificationKind.Invitation))
        {
            messages.Add(await senders.InvitationAsync(store.Name, invitation, culture(invitation.UserId), ct));
        }
        foreach (var confirmation in claimed.Where(c => c.Kind == NotificationKind.Confirmation))
        {
            messages.Add(await senders.ConfirmationAsync(store.Name, confirmation, culture(confirmation.UserId), ct));
        }
        foreach (var notice in claimed.Where(c => c.Kind == NotificationKind.KeysRevoked))
        {
            messages.Add(await senders.KeysRevokedAsync(store.Name, notice, culture(notice.UserId), ct));
        }
        foreach (var notice in claimed.Where(c => c.Kind == NotificationKind.WebhookDisabled))
        {
            messages.Add(await senders.WebhookDisabledAsync(store.Name, notice, culture(notice.UserId), ct));
        }
        MorningSummaryContent? summary = null;
        foreach (var morning in claimed.Where(c => c.Kind == NotificationKind.MorningSummary))
        {
            // The figures once per run; each member reads them in their own language.
            summary ??= await summaries.BuildAsync(ct);
            messages.Add(await composer.MorningSummaryEmailAsync(summary, morning.Recipient, morning.Id, culture(morning.UserId)));
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

    /// <summary>
    /// SMS or WhatsApp: one message per alert, and one "N more critical alerts" message for the alerts a member
    /// received beyond the store's hourly cap. Returns when what was held back falls due.
    /// </summary>
    private async Task<DateTimeOffset?> DeliverTextsAsync(Tenant store, NotificationChannel channel, DeliveryPacing pacing, CancellationToken ct)
    {
        var (configured, name) = channel == NotificationChannel.WhatsApp ? (senders.WhatsApp.IsConfigured, "WhatsApp") : (senders.Sms.IsConfigured, "SMS");
        if (!configured && !senders.LogsUnsent)
        {
            logger.LogDebug("No {Channel} sender on this node; messages for store {StoreId} left for a node that has one", name, store.Id);
            return null;
        }
        while (!ct.IsCancellationRequested)
        {
            var (claimed, next) = await outbox.ClaimAsync(channel, RecipientsPerClaim, pacing, ct);
            if (claimed.Count == 0)
            {
                return next;
            }
            var alerts = await composer.AlertsAsync(claimed.Where(c => c.AlertId is not null).Select(c => c.AlertId!.Value), ct);
            var culture = await CulturesAsync(store, claimed, ct);
            var messages = claimed.Where(c => !c.InSummary).Select(c => (c.Recipient, Ids: new[] { c.Id }, Text:
                    c.AlertId is { } alertId && alerts.TryGetValue(alertId, out var line)
                        ? composer.AlertSms(store.Name, line, culture(c.UserId))
                        : composer.FallbackSms(store.Name, culture(c.UserId))))
                .Concat(claimed.Where(c => c.InSummary).GroupBy(c => c.Recipient).Select(g => (Recipient: g.Key, Ids: g.Select(c => c.Id).ToArray(), Text:
                    composer.MoreAlertsSms(store.Name, g.Select(c => c.AlertId).Distinct().Count(), culture(g.First().UserId)))));
            foreach (var (recipient, ids, text) in messages)
            {
                var record = new SentMessage(channel, recipient, null, text, ids);
                if (!configured)
                {
                    logger.LogInformation("{Channel} not configured; message to {Recipient} logged, not sent: {Text}", name, Redact.Phone(recipient), text);
                    await outbox.MarkLoggedAsync(record, $"{name} is not configured: logged, not sent.", ct);
                    continue;
                }
                try
                {
                    await (channel == NotificationChannel.WhatsApp ? senders.WhatsApp.SendAsync(recipient, text, ct) : senders.Sms.SendAsync(recipient, text, ct));
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var failure = DeliveryFailure.Of(e);
                    logger.LogWarning("{Channel} message to {Recipient} failed ({Reason}, {Fate}): {Error}", name, Redact.Phone(recipient), failure.Reason,
                        failure.Permanent ? "permanent, not retried" : "will retry", failure.Error);
                    await outbox.FailAsync(record, failure, ct);
                    continue;
                }
                await outbox.MarkSentAsync(record, ct);
            }
        }
        return null;
    }
}

/// <summary>The channels a delivery job sends through, and the invitation and confirmation links (they need Identity's token providers).</summary>
public sealed class NotificationSenders(
    IEmailSender email, ISmsSender sms, IWhatsAppSender whatsApp, UserManager<StoreUser> users, NotificationComposer composer, StockDbContext db,
    IOptions<NotificationModeOptions> mode)
{
    public IEmailSender Email => email;
    public ISmsSender Sms => sms;
    public IWhatsAppSender WhatsApp => whatsApp;

    /// <summary>Log-only mode: what this node has no sender for is logged and marked so; otherwise it is left pending.</summary>
    public bool LogsUnsent => mode.Value.LogsUnsent;

    public async Task<EmailMessage> InvitationAsync(string storeName, ClaimedNotification invitation, CultureInfo culture, CancellationToken ct)
    {
        var user = await users.Users.SingleAsync(u => u.Id == invitation.UserId, ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return await composer.InvitationEmailAsync(storeName, user.Id, user.FullName, invitation.Recipient, token, invitation.Id, culture);
    }

    /// <summary>The owner's notice of a member's revoked API keys: the keys revoked with the notice, and by whom.</summary>
    public async Task<EmailMessage> KeysRevokedAsync(string storeName, ClaimedNotification notice, CultureInfo culture, CancellationToken ct)
    {
        var row = await db.Notifications.AsNoTracking().Where(n => n.Id == notice.Id).Select(n => new { n.AboutUserId, n.CreatedAt }).SingleAsync(ct);
        // Revoked in the same transaction as the notice was written, at the same instant.
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.CreatedBy == row.AboutUserId && k.RevokedAt == row.CreatedAt)
            .OrderBy(k => k.Name).Select(k => new { k.Name, k.RevokedBy }).ToListAsync(ct);
        var revokedBy = keys.Select(k => k.RevokedBy).FirstOrDefault();
        Guid?[] people = [notice.UserId, row.AboutUserId, revokedBy];
        var names = await users.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        string Name(Guid? id) => id is { } known && names.TryGetValue(known, out var name) ? name : "?";
        return await composer.KeysRevokedEmailAsync(storeName, Name(notice.UserId), Name(row.AboutUserId), Name(revokedBy),
            [.. keys.Select(k => k.Name)], notice.Recipient, notice.Id, culture);
    }

    /// <summary>The owner's notice of a webhook endpoint turned off: its URL.</summary>
    public async Task<EmailMessage> WebhookDisabledAsync(string storeName, ClaimedNotification notice, CultureInfo culture, CancellationToken ct)
    {
        var endpointId = await db.Notifications.AsNoTracking().Where(n => n.Id == notice.Id).Select(n => n.AboutWebhookEndpointId).SingleAsync(ct);
        var url = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Id == endpointId).Select(e => e.Url).SingleOrDefaultAsync(ct) ?? "?";
        var owner = await users.Users.Where(u => u.Id == notice.UserId).Select(u => u.FullName).SingleOrDefaultAsync(ct) ?? "";
        return await composer.WebhookDisabledEmailAsync(storeName, owner, url, notice.Recipient, notice.Id, culture);
    }

    /// <summary>The link that confirms a new owner's address (Identity's e-mail confirmation token).</summary>
    public async Task<EmailMessage> ConfirmationAsync(string storeName, ClaimedNotification confirmation, CultureInfo culture, CancellationToken ct)
    {
        var user = await users.Users.SingleAsync(u => u.Id == confirmation.UserId, ct);
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        return await composer.ConfirmationEmailAsync(storeName, user.Id, user.FullName, confirmation.Recipient, token, confirmation.Id, culture);
    }
}
