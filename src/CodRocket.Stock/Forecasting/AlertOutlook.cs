using CodRocket.Stock.Notifications;

namespace CodRocket.Stock.Forecasting;

/// <summary>Days of stock left per alert for the digest's order, from the same forecasts as the dashboard and the report.</summary>
internal sealed class AlertOutlook(StockForecasts forecasts) : IAlertOutlook
{
    public async Task<IReadOnlyDictionary<Guid, decimal?>> DaysLeftAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct) =>
        (await forecasts.ForAlertsAsync(alertIds, ct)).ToDictionary(f => f.Key, f => f.Value.DaysLeft);
}
