using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Onboarding;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Creates the demo store the README's run command signs in to. Does nothing when it already exists.</summary>
public sealed class DemoSeeder(
    StockDbContext db,
    UserManager<StoreUser> users,
    ITenantContext tenant,
    StockWorkFactory stockWork,
    DemoOrderHistory history,
    TimeProvider clock,
    IOptions<AppOptions> options,
    ILogger<DemoSeeder> logger)
{
    // Stock is where each warehouse ends after five weeks of orders (DemoOrderHistory), selling about PerDay units a day.
    private static readonly Dictionary<string, decimal> DemoPrices = new(StringComparer.Ordinal)
    {
        ["TSH-WHT-M"] = 89m, ["TSH-BLK-L"] = 89m, ["MUG-CER-01"] = 45m, ["LMP-DSK-02"] = 249.9m, ["BTL-STL-75"] = 119m,
        ["TWL-BTH-01"] = 99.5m, ["SPK-BT-MINI"] = 299m, ["CHG-USB-C"] = 179m, ["RUG-BRB-120"] = 1450m, ["TEA-GLS-6"] = 65m,
        ["SOP-ARG-250"] = 35m,
    };

    private static readonly (string Sku, string Name, int? Threshold, bool Sms, int[] Stock, double PerDay, int LeadTime)[] Catalog =
    [
        ("TSH-WHT-M", "Cotton T-shirt, white, M", 20, false, [60, 25, 10], 3, 5),
        ("TSH-BLK-L", "Cotton T-shirt, black, L", 20, false, [12, 4, 0], 2, 5),
        ("MUG-CER-01", "Ceramic mug, 350 ml", 15, false, [80, 40, 30], 1.5, 7),
        ("LMP-DSK-02", "Desk lamp with USB port", 10, true, [6, 2, 0], 0.6, 10),
        ("BTL-STL-75", "Steel water bottle, 750 ml", 25, false, [140, 60, 45], 2.5, 7),
        ("CSH-LIN-45", "Linen cushion cover 45×45", null, false, [35, 10, 12], 0, 14),
        ("TWL-BTH-01", "Bath towel, 70×140", 30, false, [22, 5, 3], 1, 6),
        ("SPK-BT-MINI", "Mini Bluetooth speaker", 8, true, [0, 3, 1], 0.4, 12),
        ("CHG-USB-C", "USB-C fast charger 30 W", 40, true, [210, 95, 70], 4, 4),
        ("RUG-BRB-120", "Berber rug 120×180", 3, false, [9, 4, 2], 0.15, 21),
        ("TEA-GLS-6", "Moroccan tea glasses, set of 6", 12, false, [48, 30, 18], 1.2, 8),
        ("SOP-ARG-250", "Argan oil soap, 250 g", 50, false, [45, 20, 15], 3, 3),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var demo = options.Value;
        var normalizedEmail = users.NormalizeEmail(demo.DemoEmail);
        bool exists;
        using (tenant.CrossStore("the demo seeder checks whether the demo owner exists"))
        {
            exists = await db.Users.IgnoreQueryFilters([StockDbContext.TenantFilter])
                .AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct);
        }
        if (exists)
        {
            logger.LogInformation("Demo store already present; sign in as {Email}", demo.DemoEmail);
            return;
        }

        var now = clock.GetUtcNow();
        var store = new Tenant("Atlas Home Goods", now);
        store.UpdateSettings(new StoreSettings(store.Name, 5, OutOfStockPolicy.Block, 30, "Africa/Casablanca", "en", "MA"));
        tenant.Set(store.Id, null);
        db.Tenants.Add(store);
        await db.SaveChangesAsync(ct);
        // A store with months of history, not a new one: no first-run checklist on its dashboard.
        await FirstRunChecklist.CloseAsync(db, store.Id, now, ct);

        var owner = new StoreUser(store.Id, demo.DemoEmail, "Salma Bennani", StoreRole.Owner, now);
        owner.MarkJoined(now);
        owner.ConfirmEmail();
        var created = await users.CreateAsync(owner, demo.DemoPassword);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Demo owner not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        tenant.Set(store.Id, owner.Id);

        Warehouse[] warehouses =
        [
            new("CAS", "Casablanca main", "Casablanca"),
            new("RAK", "Marrakech depot", "Marrakech"),
            new("TNG", "Tangier depot", "Tangier"),
        ];
        db.Warehouses.AddRange(warehouses);
        var products = Catalog.Select(p =>
        {
            var product = new Product(p.Sku, p.Name, now);
            product.UpdateStockSettings(new ProductStockSettings(p.Threshold, p.Sms, null, p.LeadTime, 10, 1m), now);
            // Priced in dirhams, so the demo's orders say what the courier collects; the cushion cover stays unpriced.
            product.SetPrice(DemoPrices.TryGetValue(p.Sku, out var price) ? price : null, now);
            return product;
        }).ToList();
        db.Products.AddRange(products);
        await db.SaveChangesAsync(ct);

        // A few per-warehouse thresholds, set before the stock arrives so the receipts evaluate them.
        SetWarehouseThreshold(products[6].Id, warehouses[2].Id, 5, now);
        SetWarehouseThreshold(products[8].Id, warehouses[1].Id, 100, now);
        SetWarehouseThreshold(products[0].Id, warehouses[0].Id, 30, now);
        await db.SaveChangesAsync(ct);

        await AddTeamAsync(store.Id, warehouses[1].Id, now, ct);
        await history.AddAsync([.. products.Zip(Catalog, (p, c) => new DemoOrderHistory.Line(p, c.Stock, c.PerDay))], warehouses, now, ct);
        db.SeasonalPeriods.Add(new SeasonalPeriod("Summer holidays", new DateOnly(now.Year, 7, 1), new DateOnly(now.Year, 8, 31), 1.3m));
        await db.SaveChangesAsync(ct);
        await stockWork.TransferAsync(products[2].Id, warehouses[0].Id, warehouses[2].Id, 10, "Rebalance for the north", ct);
        await stockWork.CountAsync(products[6].Id, warehouses[0].Id, 20, AdjustmentReason.Damaged, "Two towels torn in transit", ct);

        logger.LogInformation("Demo store {Store} created; sign in as {Email}", store.Name, demo.DemoEmail);
    }

    /// <summary>Two colleagues who get alerts: a manager by e-mail and SMS, a staff member for Marrakech only.</summary>
    private async Task AddTeamAsync(Guid storeId, Guid marrakech, DateTimeOffset now, CancellationToken ct)
    {
        var manager = new StoreUser(storeId, "youssef@atlas-home.example", "Youssef Alami", StoreRole.Manager, now);
        manager.UpdateMember("Youssef Alami", "+212661234567", StoreRole.Manager, emailAlerts: true, smsAlerts: true, whatsAppAlerts: false, morningSummary: true);
        manager.MarkJoined(now);
        var staff = new StoreUser(storeId, "kenza@atlas-home.example", "Kenza Tazi", StoreRole.Staff, now);
        staff.UpdateMember("Kenza Tazi", null, StoreRole.Staff, emailAlerts: true, smsAlerts: false, whatsAppAlerts: false, morningSummary: false);
        staff.MarkJoined(now);
        manager.ConfirmEmail();
        staff.ConfirmEmail();
        foreach (var member in new[] { manager, staff })
        {
            var created = await users.CreateAsync(member, options.Value.DemoPassword);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo member not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
        db.UserWarehouses.Add(new UserWarehouse(staff.Id, marrakech));
        await db.SaveChangesAsync(ct);
    }

    private void SetWarehouseThreshold(Guid productId, Guid warehouseId, int threshold, DateTimeOffset now)
    {
        db.StockLevels.Add(WarehouseThreshold.Set(null, productId, warehouseId, threshold, now)!);
    }
}
