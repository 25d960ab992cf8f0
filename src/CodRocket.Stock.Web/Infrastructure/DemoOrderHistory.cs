using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Webhooks;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// Five weeks of COD orders for the demo store, so its stock report, chart and suggested thresholds have something
/// to say. The orders go through the real order service and ledger, on a clock set to each order's time; the stock
/// they take is received on the first day, so each warehouse ends where the demo catalog says it stands.
/// </summary>
public sealed class DemoOrderHistory(
    StockDbContext db, ITenantContext tenant, INotificationDispatcher dispatcher, IBackorderQueue backorders, WebhookEvents webhooks)
{
    public const int Days = 35;

    private enum Fate { Delivered, Cancelled, Returned, Open }

    public sealed record Line(Product Product, int[] FinalStock, double UnitsPerDay);

    public async Task AddAsync(IReadOnlyList<Line> catalog, IReadOnlyList<Warehouse> warehouses, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(2026);
        var start = now.AddDays(-Days);
        var plan = new List<(DateTimeOffset At, Line Line, int Warehouse, int Quantity, Fate Fate)>();
        // Demand not yet ordered, per product: a slow mover (a rug at 0.15 a day) sells a unit every week or so, whatever
        // the day of the week the demo is created on; rounding each day's demand down on its own left it unsold on some
        // dates and sold on others.
        var owed = new double[catalog.Count];
        for (var day = 1; day <= Days; day++)
        {
            for (var i = 0; i < catalog.Count; i++)
            {
                var line = catalog[i];
                // A noisy daily demand around the product's rate, a little busier at the weekend.
                var rate = line.UnitsPerDay * (start.AddDays(day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1.3 : 1.0);
                owed[i] += rate * (0.5 + random.NextDouble());
                var quantity = (int)Math.Floor(owed[i]);
                if (quantity == 0)
                {
                    continue;
                }
                owed[i] -= quantity;
                var weights = line.FinalStock.Select(s => s + 5).ToArray();
                var pick = random.Next(weights.Sum());
                var warehouse = 0;
                while (pick >= weights[warehouse])
                {
                    pick -= weights[warehouse++];
                }
                var fate = Days - day < 3 ? Fate.Open : random.NextDouble() switch { < 0.08 => Fate.Cancelled, < 0.13 => Fate.Returned, _ => Fate.Delivered };
                var at = start.AddDays(day).AddMinutes(-random.Next(60, 600));
                plan.Add((at < now ? at : now.AddMinutes(-1), line, warehouse, quantity, fate));
            }
        }

        var clock = new DemoClock { Now = start };
        var stockWork = new StockWorkFactory(db, tenant, clock, backorders, dispatcher, webhooks);
        var orders = new OrderService(db, tenant, stockWork, clock);
        // Opening stock: where the catalog leaves each warehouse, plus what the kept orders will take from it.
        var receipts = catalog
            .SelectMany(line => warehouses.Select((w, i) => (line, w, Quantity: line.FinalStock[i]
                + plan.Where(p => p.Line == line && p.Warehouse == i && p.Fate is Fate.Delivered or Fate.Open).Sum(p => p.Quantity))))
            .Where(x => x.Quantity > 0)
            .Select(x => StockChange.Receive(x.line.Product.Id, x.w.Id, x.Quantity, "Opening stock"))
            .ToList();
        await stockWork.ApplyAsync(receipts, ct);

        var customers = new[] { ("Amina Tazi", "Rabat"), ("Omar Idrissi", "Casablanca"), ("Nadia Berrada", "Fès"), ("Karim Lahlou", "Tangier"), ("Leila Amrani", "Marrakech") };
        foreach (var (at, line, warehouse, quantity, fate) in plan.OrderBy(p => p.At))
        {
            clock.Now = at;
            var (name, city) = customers[random.Next(customers.Length)];
            var draft = new OrderDraft(warehouses[warehouse].Id, new OrderCustomer(name, "+212 600 000 000", city, null), null,
                [new OrderDraftLine(line.Product.Sku, quantity)]);
            if (await orders.PlaceAsync(draft, acknowledgeShortages: true, ct) is not PlaceOrderResult.Placed { Order: var order })
            {
                continue;
            }
            OrderStatus[] steps = fate switch
            {
                Fate.Cancelled => [OrderStatus.Cancelled],
                Fate.Returned => [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Returned],
                Fate.Delivered => [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered],
                _ => [],
            };
            foreach (var step in steps)
            {
                var next = clock.Now.AddHours(fate == Fate.Cancelled ? 2 : 12);
                clock.Now = next < now ? next : clock.Now;
                await orders.MoveAsync(order.Id, step, ct);
            }
            db.ChangeTracker.Clear();
        }
    }

    private sealed class DemoClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
