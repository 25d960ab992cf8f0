using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Webhooks;

/// <summary>What a merchant asks of an endpoint, from Settings → Webhooks or /api/v1/webhooks. Null fields keep their value on update.</summary>
public sealed record WebhookDraft(string? Url, IReadOnlyList<string>? Events, IReadOnlyList<string>? ProductSkus, bool? Active);

/// <summary>A refused field: <see cref="Message"/> is an English text key, <see cref="Arguments"/> its values.</summary>
public sealed record WebhookError(string Field, string Message, params object[] Arguments);

public abstract record WebhookSaveResult
{
    /// <param name="Secret">The signing secret, to show once: set when the endpoint was created.</param>
    public sealed record Saved(WebhookEndpoint Endpoint, string? Secret) : WebhookSaveResult;

    public sealed record Invalid(IReadOnlyList<WebhookError> Errors) : WebhookSaveResult;

    public sealed record NotFound : WebhookSaveResult;
}

/// <summary>
/// The store's webhook endpoints: validated (the SSRF guard, known event types, the store's SKUs) and saved; test
/// events and replays go to the outbox like any other delivery and start a delivery job.
/// </summary>
public sealed class WebhookService(StockDbContext db, WebhookUrlPolicy policy, IWebhookDispatcher dispatcher, TimeProvider clock)
{
    public const int MaxEndpoints = 20;

    public Task<WebhookEndpoint?> FindAsync(Guid id, CancellationToken ct) => db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);

    public Task<List<WebhookEndpoint>> ListAsync(CancellationToken ct) =>
        db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);

    /// <summary>The SKUs of the products an endpoint's <c>stock.changed</c> events are limited to.</summary>
    public Task<List<string>> SkusAsync(WebhookEndpoint endpoint, CancellationToken ct) => endpoint.ProductIds is { } ids
        ? db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Sku).Select(p => p.Sku).ToListAsync(ct)
        : Task.FromResult(new List<string>());

    public async Task<WebhookSaveResult> CreateAsync(WebhookDraft draft, CancellationToken ct)
    {
        var (errors, products) = await ValidateAsync(draft, creating: true, ct);
        if (errors.Count == 0 && await db.WebhookEndpoints.CountAsync(ct) >= MaxEndpoints)
        {
            errors.Add(new WebhookError("url", Text.Key("A store can have at most {0} webhook endpoints."), MaxEndpoints));
        }
        if (errors.Count > 0)
        {
            return new WebhookSaveResult.Invalid(errors);
        }
        var endpoint = new WebhookEndpoint(draft.Url!.Trim(), draft.Events!, products, draft.Active ?? true, clock.GetUtcNow());
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new WebhookSaveResult.Saved(endpoint, endpoint.Secret);
    }

    public async Task<WebhookSaveResult> UpdateAsync(Guid id, WebhookDraft draft, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } endpoint)
        {
            return new WebhookSaveResult.NotFound();
        }
        var (errors, products) = await ValidateAsync(draft, creating: false, ct);
        if (errors.Count > 0)
        {
            return new WebhookSaveResult.Invalid(errors);
        }
        endpoint.Update(draft.Url?.Trim() ?? endpoint.Url, draft.Events ?? endpoint.Events,
            draft.ProductSkus is null ? endpoint.ProductIds : products, draft.Active ?? endpoint.IsActive, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        if (endpoint.IsActive)
        {
            // Turned on again: what waited while it was off goes now.
            dispatcher.Dispatch(endpoint.TenantId);
        }
        return new WebhookSaveResult.Saved(endpoint, null);
    }

    /// <summary>A new secret, returned to be shown once; the previous one keeps signing for 24 h.</summary>
    public async Task<string?> RotateSecretAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } endpoint)
        {
            return null;
        }
        var secret = endpoint.RotateSecret(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>Deletes the endpoint and its delivery log; false when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await db.WebhookEndpoints.Where(e => e.Id == id).ExecuteDeleteAsync(ct) > 0;

    /// <summary>Queues a <c>webhook.test</c> event for the endpoint; null when there is no such endpoint.</summary>
    public async Task<WebhookDelivery?> SendTestAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } endpoint)
        {
            return null;
        }
        return await QueueAsync(WebhookDelivery.Test(endpoint.Id, clock.GetUtcNow()), ct);
    }

    /// <summary>Sends one delivery again (same <c>webhook-id</c> and body), as a new row of the log.</summary>
    public async Task<WebhookDelivery?> ReplayAsync(Guid endpointId, Guid deliveryId, CancellationToken ct)
    {
        var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, ct);
        return original is null ? null : await QueueAsync(new WebhookDelivery(original, clock.GetUtcNow()), ct);
    }

    public async Task<(List<WebhookDelivery> Rows, int Total)> DeliveriesAsync(Guid endpointId, int page, int pageSize, CancellationToken ct)
    {
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows, total);
    }

    private async Task<WebhookDelivery> QueueAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        dispatcher.Dispatch(delivery.TenantId);
        return delivery;
    }

    private async Task<(List<WebhookError> Errors, Guid[]? Products)> ValidateAsync(WebhookDraft draft, bool creating, CancellationToken ct)
    {
        var errors = new List<WebhookError>();
        if (creating || draft.Url is not null)
        {
            if (string.IsNullOrWhiteSpace(draft.Url))
            {
                errors.Add(new WebhookError("url", Text.Key("Enter the URL that receives the events.")));
            }
            else if (await policy.CheckAsync(draft.Url, ct) is { } refused)
            {
                errors.Add(new WebhookError("url", refused));
            }
        }
        if (creating || draft.Events is not null)
        {
            if (draft.Events is not { Count: > 0 })
            {
                errors.Add(new WebhookError("events", Text.Key("Choose at least one event.")));
            }
            else if (draft.Events.FirstOrDefault(e => !WebhookEventTypes.IsKnown(e)) is { } unknown)
            {
                errors.Add(new WebhookError("events", Text.Key("'{0}' is not an event type. Use one of: {1}."), unknown, string.Join(", ", WebhookEventTypes.All)));
            }
        }
        Guid[]? products = null;
        if (draft.ProductSkus is { Count: > 0 } skus)
        {
            var wanted = skus.Select(s => Identifiers.Normalize(s ?? "")).Where(s => s.Length is > 0 and <= StockLimits.SkuMaxLength).Distinct(Product.SkuComparer).ToArray();
            if (wanted.Length > WebhookEndpoint.MaxProducts)
            {
                errors.Add(new WebhookError("products", Text.Key("Choose at most {0} products, or none for all of them."), WebhookEndpoint.MaxProducts));
                return (errors, null);
            }
            var found = await db.Products.AsNoTracking().Where(p => wanted.Contains(p.Sku)).Select(p => new { p.Id, p.Sku }).ToListAsync(ct);
            if (wanted.FirstOrDefault(w => !found.Any(f => Product.SkuComparer.Equals(f.Sku, w))) is { } missing)
            {
                errors.Add(new WebhookError("products", Text.Key("No product with the SKU '{0}'."), missing));
            }
            products = [.. found.Select(f => f.Id)];
        }
        return (errors, products);
    }
}
