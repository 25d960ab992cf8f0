using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Orders;

/// <summary>I2: under Block, concurrent orders never take available stock below zero.</summary>
public class OrderConcurrencyTests(StockApp app)
{
    private const int Orders = 500;
    private const int Workers = 64;

    /// <summary>500 orders over 64 workers; every fifth also takes one unit of a second product, in either line order.</summary>
    private async Task<PlaceOrderResult[]> FlashSaleAsync(Guid tenantId, Guid warehouse)
    {
        var next = -1;
        var results = new PlaceOrderResult[Orders];
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Orders)
            {
                var draft = (i % 5) switch
                {
                    0 => OrderSeeding.Draft(warehouse, ("HOT", 1), ("SIDE", 1)),
                    1 => OrderSeeding.Draft(warehouse, ("SIDE", 1), ("HOT", 1)),
                    _ => OrderSeeding.Draft(warehouse, ("HOT", 1)),
                };
                results[i] = await app.PlaceOrderAsync(tenantId, draft);
            }
        })));
        return results;
    }

    [Fact]
    public async Task Each_store_numbers_its_own_orders_from_one_and_concurrent_orders_never_share_a_number()
    {
        var neighbour = await app.CreateStoreAsync();
        var theirs = await app.AddWarehouseAsync(neighbour.TenantId, "N1");
        await app.AddProductAsync(neighbour.TenantId, "HOT", null, (theirs, 1000));
        for (var i = 0; i < 3; i++)
        {
            (await app.PlaceOrderAsync(neighbour.TenantId, OrderSeeding.Draft(theirs, ("HOT", 1)))).Should().BeOfType<PlaceOrderResult.Placed>();
        }
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        await app.AddProductAsync(store.TenantId, "HOT", null, (warehouse, 1000));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            app.PlaceOrderAsync(i % 2 == 0 ? store.TenantId : neighbour.TenantId, OrderSeeding.Draft(i % 2 == 0 ? warehouse : theirs, ("HOT", 1))))));

        results.Should().AllBeOfType<PlaceOrderResult.Placed>();
        var ours = await app.InDbAsync(store.TenantId, db => db.Orders.Select(o => o.Number).ToListAsync());
        ours.Should().BeEquivalentTo(Enumerable.Range(1, 20).Select(n => (long)n), "a new store's first order is #1, whatever its neighbours sold");
        var neighbours = await app.InDbAsync(neighbour.TenantId, db => db.Orders.Select(o => o.Number).ToListAsync());
        neighbours.Should().BeEquivalentTo(Enumerable.Range(1, 23).Select(n => (long)n));
    }

    [Fact]
    public async Task Under_block_500_concurrent_orders_on_100_units_reserve_exactly_100_and_refused_orders_leave_no_trace()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "FLASH");
        var hot = await app.AddProductAsync(store.TenantId, "HOT", null, (warehouse, 100));
        var side = await app.AddProductAsync(store.TenantId, "SIDE", null, (warehouse, 1000));

        var results = await FlashSaleAsync(store.TenantId, warehouse);

        results.Should().OnlyContain(r => r is PlaceOrderResult.Placed || r is PlaceOrderResult.Refused);
        var placed = results.OfType<PlaceOrderResult.Placed>().ToList();
        placed.Should().HaveCount(100);
        (await app.LevelAsync(store.TenantId, hot, warehouse)).Should().Be(new StockLevelRow(100, 100));
        var sideReserved = placed.Count(p => p.Order.Lines.Any(l => l.ProductId == side));
        (await app.LevelAsync(store.TenantId, side, warehouse)).Should().Be(new StockLevelRow(1000, sideReserved));
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(100, "a refused order writes no order");
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync(m => m.Type == MovementType.Reservation)))
            .Should().Be(100 + sideReserved, "and no movement");
        var lowest = await app.InDbAsync(store.TenantId, db => db.StockMovements.Where(m => m.ProductId == hot).MinAsync(m => m.OnHandAfter - m.ReservedAfter));
        lowest.Should().BeGreaterThanOrEqualTo(0, "available never went below zero");
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Under_auto_backorder_400_units_wait_and_250_received_fill_the_oldest_first()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "FLASH");
        var hot = await app.AddProductAsync(store.TenantId, "HOT", null, (warehouse, 100));
        await app.AddProductAsync(store.TenantId, "SIDE", null, (warehouse, 1000));
        await app.SetPolicyAsync(store.TenantId, hot, OutOfStockPolicy.Backorder);

        var results = await FlashSaleAsync(store.TenantId, warehouse);

        results.Should().OnlyContain(r => r is PlaceOrderResult.Placed);
        (await app.InDbAsync(store.TenantId, db => db.StockLevels.SingleAsync(s => s.ProductId == hot)))
            .Should().Match<StockLevel>(s => s.OnHand == 100 && s.Reserved == 100 && s.Backordered == 400);
        var queue = await app.InDbAsync(store.TenantId, db => db.OrderLines
            .Where(l => l.ProductId == hot && l.Backordered > 0)
            .Join(db.Orders, l => l.OrderId, o => o.Id, (l, o) => new { o.Id, o.CreatedAt, o.Number })
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Number)
            .Select(o => o.Id)
            .ToListAsync());
        queue.Should().HaveCount(400);

        await app.ApplyAsync(store.TenantId, StockChange.Receive(hot, warehouse, 250));

        var filled = await app.InDbAsync(store.TenantId, db => db.OrderLines
            .Where(l => l.ProductId == hot && l.Backordered == 0 && queue.Contains(l.OrderId)).Select(l => l.OrderId).ToListAsync());
        filled.Should().BeEquivalentTo(queue.Take(250), "the 250 oldest backordered units are filled, in order time");
        (await app.InDbAsync(store.TenantId, db => db.StockLevels.SingleAsync(s => s.ProductId == hot)))
            .Should().Match<StockLevel>(s => s.OnHand == 350 && s.Reserved == 350 && s.Backordered == 150);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync(o => o.IsBackordered))).Should().Be(150);
        (await app.BackorderMismatchesAsync(store.TenantId)).Should().BeEmpty();
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_multi_line_orders_in_opposite_line_orders_neither_deadlock_nor_lose_updates()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        Guid[] products = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.AddProductAsync(store.TenantId, $"P{i}", null, (warehouse, 1000))))];
        var skus = Enumerable.Range(0, 4).Select(i => $"P{i}").ToArray();

        // 32 at a time, well inside the connection pool: all 200 wait on the same four product locks, and the test is about
        // those locks (deadlock, lost update), not about queueing for a connection (200 at once exhausted the pool of 120
        // on a slow CI machine).
        var results = new PlaceOrderResult[200];
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var order = (i % 2 == 0 ? skus : skus.Reverse()).Select(s => (s, 1 + (i % 3))).ToArray();
            results[i] = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, order));
        });

        results.Should().OnlyContain(r => r is PlaceOrderResult.Placed);
        var expected = Enumerable.Range(0, 200).Sum(i => 1 + (i % 3));
        foreach (var product in products)
        {
            (await app.LevelAsync(store.TenantId, product, warehouse))!.Reserved.Should().Be(expected);
        }
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }
}
