using CodRocket.Stock.Data;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Testing;

public static class WebhookSeeding
{
    /// <summary>An endpoint through the same service as the page and the API; its id and signing secret.</summary>
    public static Task<(Guid Id, string Secret)> AddWebhookAsync(this StockApp app, Guid tenantId, string url, IReadOnlyList<string>? events = null,
        IReadOnlyList<string>? skus = null) =>
        app.InStoreAsync(tenantId, async services =>
        {
            var result = await services.GetRequiredService<WebhookService>()
                .CreateAsync(new WebhookDraft(url, events ?? WebhookEventTypes.All, skus, true), CancellationToken.None);
            var saved = result as WebhookSaveResult.Saved ?? throw new InvalidOperationException($"Endpoint refused: {result}");
            return (saved.Endpoint.Id, saved.Secret!);
        });

    /// <summary>Runs the store's webhook delivery job the way Hangfire would (its own scope).</summary>
    public static async Task DeliverWebhooksAsync(this StockApp app, Guid tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverWebhooksJob>().RunAsync(tenantId, CancellationToken.None);
    }

    /// <summary>Brings every retry of the store due now (instead of waiting out the backoff).</summary>
    public static Task<int> MakeWebhookRetriesDueAsync(this StockApp app, Guid tenantId) =>
        app.InDbAsync(tenantId, db => db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

    public static Task<List<WebhookDelivery>> WebhookDeliveriesAsync(this StockApp app, Guid tenantId) =>
        app.InDbAsync(tenantId, db => db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.CreatedAt).ToListAsync());
}
