using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Inventory;

public class StockLedgerTests(StockApp app)
{
    [Fact]
    public async Task The_ledger_matches_every_stock_row_after_a_mixed_sequence_of_changes()
    {
        var store = await app.CreateStoreAsync();
        Guid[] warehouses =
        [
            await app.AddWarehouseAsync(store.TenantId, "A"),
            await app.AddWarehouseAsync(store.TenantId, "B"),
            await app.AddWarehouseAsync(store.TenantId, "C"),
        ];
        Guid[] products = [await app.AddProductAsync(store.TenantId, "P1"), await app.AddProductAsync(store.TenantId, "P2")];
        var random = new Random(20261128);
        int applied = 0, refused = 0;

        for (var step = 0; step < 300; step++)
        {
            var product = products[random.Next(products.Length)];
            var from = warehouses[random.Next(warehouses.Length)];
            var to = warehouses.Where(w => w != from).ElementAt(random.Next(2));
            var changes = random.Next(3) switch
            {
                0 => [StockChange.Receive(product, from, random.Next(1, 40))],
                1 => [StockChange.Count(product, from, random.Next(0, 60), AdjustmentReason.Count)],
                _ => StockChange.Transfer(product, from, to, random.Next(1, 30)),
            };
            var result = await app.ApplyAsync(store.TenantId, [.. changes]);
            if (result.Succeeded)
            {
                applied++;
            }
            else
            {
                refused++;
                result.Refusal!.Reason.Should().Be(StockRefusalReason.InsufficientStock);
            }
        }

        applied.Should().BeGreaterThan(150);
        refused.Should().BeGreaterThan(0, "the sequence should exercise refused transfers too");
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Thirty_two_concurrent_receipts_and_counts_on_one_stock_row_lose_nothing()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "HOT");
        var product = await app.AddProductAsync(store.TenantId, "HOT-1");

        var tasks = Enumerable.Range(1, 32).Select(i => Task.Run(() => i % 4 == 0
            ? app.ApplyAsync(store.TenantId, StockChange.Count(product, warehouse, 100 + i, AdjustmentReason.Count))
            : app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, i))));
        var results = await Task.WhenAll(tasks);

        results.Should().OnlyContain(r => r.Succeeded);
        var movements = await app.InDbAsync(store.TenantId, db =>
            db.StockMovements.Where(m => m.ProductId == product).OrderBy(m => m.Id).ToListAsync());
        movements.Should().HaveCount(32);
        // Each movement starts where the previous one ended: the changes were serialized, none overwrote another.
        var onHand = 0;
        foreach (var movement in movements)
        {
            (onHand + movement.OnHandDelta).Should().Be(movement.OnHandAfter);
            onHand = movement.OnHandAfter;
        }
        (await app.LevelAsync(store.TenantId, product, warehouse))!.OnHand.Should().Be(onHand);
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_receipts_add_up_exactly()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "SKU");

        await Task.WhenAll(Enumerable.Range(1, 32).Select(i => Task.Run(() => app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, i)))));

        (await app.LevelAsync(store.TenantId, product, warehouse))!.OnHand.Should().Be(Enumerable.Range(1, 32).Sum());
    }

    [Fact]
    public async Task A_transfer_of_more_than_is_available_is_refused_and_changes_nothing()
    {
        var store = await app.CreateStoreAsync();
        var casablanca = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var tangier = await app.AddWarehouseAsync(store.TenantId, "TNG");
        var product = await app.AddProductAsync(store.TenantId, "MUG");
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, casablanca, 5));

        var result = await app.ApplyAsync(store.TenantId, [.. StockChange.Transfer(product, casablanca, tangier, 6)]);

        result.Succeeded.Should().BeFalse();
        result.Refusal.Should().BeEquivalentTo(new StockRefusal(StockRefusalReason.InsufficientStock, product, casablanca, 6, 5));
        (await app.LevelAsync(store.TenantId, product, casablanca)).Should().Be(new StockLevelRow(5, 0));
        (await app.LevelAsync(store.TenantId, product, tangier))?.OnHand.Should().Be(0);
        var movementCount = await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync());
        movementCount.Should().Be(1, "only the receipt is in the ledger");
    }

    [Fact]
    public async Task An_inactive_warehouse_receives_nothing_but_can_still_be_emptied()
    {
        var store = await app.CreateStoreAsync();
        var open = await app.AddWarehouseAsync(store.TenantId, "OPEN");
        var closed = await app.AddWarehouseAsync(store.TenantId, "SHUT", active: false);
        var product = await app.AddProductAsync(store.TenantId, "LAMP");
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, open, 4));

        var receive = await app.ApplyAsync(store.TenantId, StockChange.Receive(product, closed, 3));
        var transferIn = await app.ApplyAsync(store.TenantId, [.. StockChange.Transfer(product, open, closed, 2)]);
        var count = await app.ApplyAsync(store.TenantId, StockChange.Count(product, closed, 0, AdjustmentReason.Correction));

        receive.Refusal!.Reason.Should().Be(StockRefusalReason.InactiveWarehouse);
        transferIn.Refusal!.Reason.Should().Be(StockRefusalReason.InactiveWarehouse);
        count.Succeeded.Should().BeTrue();
        (await app.LevelAsync(store.TenantId, product, open)).Should().Be(new StockLevelRow(4, 0));
    }

    [Fact]
    public async Task Another_stores_product_or_warehouse_is_unknown_to_the_ledger()
    {
        var mine = await app.CreateStoreAsync();
        var theirs = await app.CreateStoreAsync();
        var myWarehouse = await app.AddWarehouseAsync(mine.TenantId, "MINE");
        var myProduct = await app.AddProductAsync(mine.TenantId, "MINE-1");
        var theirWarehouse = await app.AddWarehouseAsync(theirs.TenantId, "THEIRS");
        var theirProduct = await app.AddProductAsync(theirs.TenantId, "THEIRS-1");

        var intoTheirWarehouse = await app.ApplyAsync(mine.TenantId, StockChange.Receive(myProduct, theirWarehouse, 5));
        var theirProductHere = await app.ApplyAsync(mine.TenantId, StockChange.Receive(theirProduct, myWarehouse, 5));

        intoTheirWarehouse.Refusal!.Reason.Should().Be(StockRefusalReason.UnknownWarehouse);
        theirProductHere.Refusal!.Reason.Should().Be(StockRefusalReason.UnknownProduct);
        (await app.LevelAsync(theirs.TenantId, theirProduct, theirWarehouse)).Should().BeNull();
        (await app.LevelAsync(mine.TenantId, myProduct, theirWarehouse)).Should().BeNull();
    }
}
