using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Forecasting;

/// <summary>The store's forecasting calendar: today in its time zone, its velocity window and the season in force.</summary>
public sealed record ForecastCalendar(SalesWindow Window, decimal StoreFactor, string? SeasonName)
{
    public DateOnly Today => Window.Today;
}

/// <summary>A forecast with the scope it is about; <see cref="WarehouseId"/> is null for the product overall.</summary>
public sealed record ScopeForecast(Guid ProductId, Guid? WarehouseId, ForecastInputs Inputs, Forecast Forecast);

/// <summary>
/// Reads forecasts set-based: one query whatever the number of products. <see cref="ForProductsAsync"/> is the one
/// place suggestions come from — the product page, its Apply button and the bulk action "Apply suggested threshold".
/// </summary>
public sealed class StockForecasts(StockDbContext db, TimeProvider clock)
{
    public async Task<ForecastCalendar> CalendarAsync(CancellationToken ct)
    {
        var store = await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId)
            .Select(t => new { t.TimeZone, t.VelocityWindowDays }).SingleAsync(ct);
        var today = StoreDay.Of(clock.GetUtcNow(), store.TimeZone);
        var season = await db.SeasonalPeriods.AsNoTracking()
            .Where(s => s.StartsOn <= today && s.EndsOn >= today)
            .OrderBy(s => s.StartsOn)
            .Select(s => new { s.Name, s.Factor })
            .FirstOrDefaultAsync(ct);
        return new ForecastCalendar(new SalesWindow(today, store.VelocityWindowDays), season?.Factor ?? 1m, season?.Name);
    }

    /// <summary>Each product overall: total stock of all warehouses against its Low Stock Alert (or the store default).</summary>
    public async Task<IReadOnlyDictionary<Guid, ScopeForecast>> ForProductsAsync(
        IReadOnlyCollection<Guid> productIds, ForecastCalendar calendar, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        var (first, today) = (calendar.Window.First, calendar.Today);
        var rows = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                Threshold = p.LowStockThreshold ?? db.Tenants.Where(t => t.Id == p.TenantId).Select(t => t.DefaultLowStockThreshold).First(),
                p.LeadTimeDays,
                p.SafetyStock,
                p.SeasonalFactor,
                OnHand = db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => (int?)s.OnHand) ?? 0,
                Available = db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => (int?)s.Available) ?? 0,
                Sold = db.DailySales.Where(d => d.ProductId == p.Id && d.Day >= first && d.Day <= today).Sum(d => (int?)d.Units) ?? 0,
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => Scope(r.Id, null,
            new ForecastInputs(r.OnHand, r.Available, r.Sold, calendar.Window.Days, r.Threshold, r.LeadTimeDays, r.SafetyStock, r.SeasonalFactor, calendar.StoreFactor),
            calendar));
    }

    /// <summary>Each (product, warehouse) stock row of the products: that warehouse's stock, sales and threshold, and its
    /// share of the product's safety stock (<see cref="Forecast.ShareSafetyStock(int, IReadOnlyList{int})"/>).</summary>
    public async Task<IReadOnlyList<ScopeForecast>> ForWarehousesAsync(
        IReadOnlyCollection<Guid> productIds, ForecastCalendar calendar, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        var (first, today) = (calendar.Window.First, calendar.Today);
        var rows = await db.StockLevels.AsNoTracking()
            .Where(s => ids.Contains(s.ProductId))
            .Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { s, p })
            .Join(db.Warehouses, x => x.s.WarehouseId, w => w.Id, (x, w) => new { x.s, x.p, w.Code })
            .Select(x => new
            {
                x.s.ProductId,
                x.s.WarehouseId,
                x.Code,
                Threshold = x.s.LowStockThreshold,
                x.p.LeadTimeDays,
                x.p.SafetyStock,
                x.p.SeasonalFactor,
                x.s.OnHand,
                Available = x.s.Available,
                Sold = db.DailySales.Where(d => d.ProductId == x.s.ProductId && d.WarehouseId == x.s.WarehouseId && d.Day >= first && d.Day <= today)
                    .Sum(d => (int?)d.Units) ?? 0,
            })
            .ToListAsync(ct);
        var result = new List<ScopeForecast>(rows.Count);
        foreach (var product in rows.GroupBy(r => r.ProductId))
        {
            result.AddRange(Forecast.ShareByWarehouse(product, l => l.Code, l => l.Sold, product.First().SafetyStock).Select(x => Scope(x.Level.ProductId, x.Level.WarehouseId,
                new ForecastInputs(x.Level.OnHand, x.Level.Available, x.Level.Sold, calendar.Window.Days, x.Level.Threshold, x.Level.LeadTimeDays, x.Share,
                    x.Level.SeasonalFactor, calendar.StoreFactor),
                calendar)));
        }
        return result;
    }

    /// <summary>The forecast of each alert's scope (the product overall, or the product in the alert's warehouse), by alert id.</summary>
    public async Task<IReadOnlyDictionary<Guid, Forecast>> ForAlertsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct) =>
        alertIds.Count == 0 ? new Dictionary<Guid, Forecast>() : await ForAlertsAsync(alertIds, await CalendarAsync(ct), ct);

    /// <summary>As <see cref="ForAlertsAsync(IReadOnlyCollection{Guid}, CancellationToken)"/>, in a calendar the caller has read already.</summary>
    public async Task<IReadOnlyDictionary<Guid, Forecast>> ForAlertsAsync(IReadOnlyCollection<Guid> alertIds, ForecastCalendar calendar, CancellationToken ct)
    {
        if (alertIds.Count == 0)
        {
            return new Dictionary<Guid, Forecast>();
        }
        var ids = alertIds.ToList();
        var scopes = await db.StockAlerts.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.ProductId, a.WarehouseId }).ToListAsync(ct);
        var overall = await ForProductsAsync(scopes.Where(s => s.WarehouseId == null).Select(s => s.ProductId).ToList(), calendar, ct);
        var byWarehouse = (await ForWarehousesAsync(scopes.Where(s => s.WarehouseId != null).Select(s => s.ProductId).ToList(), calendar, ct))
            .ToDictionary(w => (w.ProductId, w.WarehouseId));
        var result = new Dictionary<Guid, Forecast>();
        foreach (var scope in scopes)
        {
            var found = scope.WarehouseId is null ? overall.GetValueOrDefault(scope.ProductId) : byWarehouse.GetValueOrDefault((scope.ProductId, scope.WarehouseId));
            if (found is not null)
            {
                result[scope.Id] = found.Forecast;
            }
        }
        return result;
    }

    /// <summary>
    /// Day by day over the window: units sold, and available stock at the end of each day (today: now), rebuilt
    /// backwards from the current stock and the ledger's movements.
    /// </summary>
    public async Task<IReadOnlyList<DailyPoint>> DailySeriesAsync(Guid productId, Guid? warehouseId, ForecastCalendar calendar, string timeZone, CancellationToken ct)
    {
        var zone = StoreDay.Zone(timeZone);
        var window = calendar.Window;
        var levels = db.StockLevels.AsNoTracking().Where(s => s.ProductId == productId && (warehouseId == null || s.WarehouseId == warehouseId));
        var available = await levels.SumAsync(s => s.Available, ct);
        var since = StoreDay.Start(window.First.AddDays(1), zone);
        var movements = await db.StockMovements.AsNoTracking()
            .Where(m => m.ProductId == productId && (warehouseId == null || m.WarehouseId == warehouseId) && m.CreatedAt >= since)
            .Select(m => new { m.CreatedAt, Change = m.OnHandDelta - m.ReservedDelta })
            .ToListAsync(ct);
        var changeByDay = movements.GroupBy(m => StoreDay.Of(m.CreatedAt, zone)).ToDictionary(g => g.Key, g => g.Sum(m => m.Change));
        var (first, today) = (window.First, window.Today);
        var sold = await db.DailySales.AsNoTracking()
            .Where(d => d.ProductId == productId && (warehouseId == null || d.WarehouseId == warehouseId) && d.Day >= first && d.Day <= today)
            .GroupBy(d => d.Day)
            .Select(g => new { Day = g.Key, Units = g.Sum(d => d.Units) })
            .ToDictionaryAsync(x => x.Day, x => x.Units, ct);

        var points = new List<DailyPoint>(window.Days);
        var endOfDay = available;
        for (var day = today; day >= first; day = day.AddDays(-1))
        {
            points.Add(new DailyPoint(day, endOfDay, sold.GetValueOrDefault(day)));
            endOfDay -= changeByDay.GetValueOrDefault(day);
        }
        points.Reverse();
        return points;
    }

    private static ScopeForecast Scope(Guid productId, Guid? warehouseId, ForecastInputs inputs, ForecastCalendar calendar) =>
        new(productId, warehouseId, inputs, Forecast.Of(inputs, calendar.Today));
}

/// <param name="Available">Available stock at the end of the store day.</param>
public sealed record DailyPoint(DateOnly Day, int Available, int Sold);
