using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Operations;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Webhooks;

/// <summary>
/// Delivers a store's due webhooks: claims them, signs each (Standard Webhooks, with both secrets during a rotation),
/// posts it and records the answer. A failed attempt is retried with backoff (<see cref="WebhookDelivery.NextAttempt"/>);
/// after 24 h of failures the delivery fails, its endpoint is turned off and the owner gets an e-mail.
/// </summary>
public sealed class DeliverWebhooksJob(
    ITenantContext tenant,
    StockDbContext db,
    WebhookOutbox outbox,
    IWebhookSender sender,
    IWebhookDispatcher dispatcher,
    INotificationDispatcher notifications,
    TimeProvider clock,
    ILogger<DeliverWebhooksJob> logger)
{
    private const int PerClaim = 50;

    public async Task RunAsync(Guid tenantId, CancellationToken ct)
    {
        tenant.Set(tenantId, null);
        var claimed = await outbox.ClaimAsync(PerClaim, clock.GetUtcNow(), ct);
        if (claimed.Count > 0)
        {
            var rows = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => claimed.Contains(d.Id))
                .Join(db.WebhookEndpoints.AsNoTracking(), d => d.EndpointId, e => e.Id, (d, e) => new { Delivery = d, Endpoint = e })
                .OrderBy(x => x.Delivery.CreatedAt).ThenBy(x => x.Delivery.Id)
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                await DeliverAsync(row.Delivery, row.Endpoint, ct);
            }
        }
        if (claimed.Count == PerClaim)
        {
            dispatcher.Dispatch(tenantId);
        }
        else if (await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt != null)
                     .MinAsync(d => d.NextAttemptAt, ct) is { } next)
        {
            dispatcher.DispatchAt(tenantId, next);
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            [WebhookSignature.IdHeader] = delivery.MessageId,
            [WebhookSignature.TimestampHeader] = timestamp.ToString(CultureInfo.InvariantCulture),
            [WebhookSignature.SignatureHeader] = WebhookSignature.Header(endpoint.SigningSecrets(now), delivery.MessageId, timestamp, delivery.Payload),
        };
        var response = await sender.SendAsync(new WebhookPost(endpoint.Url, headers, delivery.Payload), ct);
        var duration = (int)Math.Min(int.MaxValue, response.Duration.TotalMilliseconds);
        var done = clock.GetUtcNow();
        // Recorded even when the job is stopping: the receiver may have the event already.
        var mine = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.Status == WebhookDeliveryStatus.Sending);
        if (response.Succeeded)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered)
                .SetProperty(d => d.DeliveredAt, done)
                .SetProperty(d => d.ResponseStatus, response.Status)
                .SetProperty(d => d.DurationMs, duration)
                .SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
            StockMetrics.WebhooksDelivered.Add(1);
            return;
        }

        var error = response.Error ?? $"HTTP {response.Status}";
        error = error.Length > WebhookDelivery.ErrorMaxLength ? error[..WebhookDelivery.ErrorMaxLength] : error;
        // The claim counted this attempt already.
        var next = WebhookDelivery.NextAttempt(delivery.CreatedAt, delivery.Attempts, done);
        logger.LogWarning("Webhook {MessageId} ({EventType}) to endpoint {EndpointId} failed (attempt {Attempt}): {Error}; {Fate}",
            delivery.MessageId, delivery.EventType, endpoint.Id, delivery.Attempts, error, next is null ? "giving up" : "will retry");
        StockMetrics.WebhookAttemptsFailed.Add(1);
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, next is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.ResponseStatus, response.Status)
            .SetProperty(d => d.DurationMs, duration)
            .SetProperty(d => d.LastError, error)
            .SetProperty(d => d.ClaimExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
        if (next is null)
        {
            await DisableAsync(endpoint.Id, done);
        }
    }

    /// <summary>Turns the endpoint off and tells the owner, once (a second failing delivery finds it off already).</summary>
    private async Task DisableAsync(Guid endpointId, DateTimeOffset now)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var turnedOff = await db.WebhookEndpoints.Where(e => e.Id == endpointId && e.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.IsActive, false).SetProperty(e => e.DisabledAt, now).SetProperty(e => e.UpdatedAt, now),
                CancellationToken.None);
        if (turnedOff == 0)
        {
            return;
        }
        var owner = await db.Users.AsNoTracking().Where(u => u.Role == StoreRole.Owner && u.RemovedAt == null && u.Email != null)
            .OrderBy(u => u.CreatedAt).Select(u => new { u.Id, u.Email }).FirstOrDefaultAsync(CancellationToken.None);
        if (owner is not null)
        {
            db.Notifications.Add(Notification.WebhookDisabled(owner.Id, owner.Email!, endpointId, now));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
        logger.LogWarning("Webhook endpoint {EndpointId} turned off after {Hours} h of failed deliveries", endpointId, WebhookDelivery.RetryFor.TotalHours);
        if (owner is not null)
        {
            notifications.Dispatch(tenant.RequireTenant());
        }
    }
}
