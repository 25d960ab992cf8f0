using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Orders;

public class OrderLifecycleTests(StockApp app)
{
    private async Task<(TestStore Store, Guid Warehouse, Guid Product)> StoreAsync(int stock = 10, OutOfStockPolicy? policy = null)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TEA-1", null, (warehouse, stock));
        await app.SetPolicyAsync(store.TenantId, product, policy);
        return (store, warehouse, product);
    }

    private async Task<Order> PlaceAsync(Guid tenantId, Guid warehouse, int quantity, bool acknowledge = false) =>
        (await app.PlaceOrderAsync(tenantId, OrderSeeding.Draft(warehouse, ("TEA-1", quantity)), acknowledge)).Should()
            .BeOfType<PlaceOrderResult.Placed>().Subject.Order;

    [Fact]
    public async Task Each_status_moves_stock_as_the_cod_flow_says_and_the_ledger_stays_exact()
    {
        var (store, warehouse, product) = await StoreAsync(stock: 10);

        var order = await PlaceAsync(store.TenantId, warehouse, 3);
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 3), "placing reserves");
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Confirmed)).Should().BeOfType<TransitionResult.Done>();
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 3), "confirming changes no stock");
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Shipped)).Should().BeOfType<TransitionResult.Done>();
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(7, 0), "shipping consumes");
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Delivered)).Should().BeOfType<TransitionResult.Done>();
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Returned)).Should().BeOfType<TransitionResult.Done>();
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 0), "a return puts it back on hand");

        var cancelled = await PlaceAsync(store.TenantId, warehouse, 4);
        (await app.MoveOrderAsync(store.TenantId, cancelled.Id, OrderStatus.Cancelled)).Should().BeOfType<TransitionResult.Done>();
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 0), "cancelling releases");

        var types = await app.InDbAsync(store.TenantId, db => db.StockMovements.Where(m => m.Reference != null).OrderBy(m => m.Id).Select(m => m.Type).ToListAsync());
        types.Should().Equal(MovementType.Reservation, MovementType.Shipment, MovementType.Return, MovementType.Reservation, MovementType.Release);
        var events = await app.InDbAsync(store.TenantId, db => db.OrderEvents.Where(e => e.OrderId == order.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        events.Should().Equal(OrderEventKind.Created, OrderEventKind.Confirmed, OrderEventKind.Shipped, OrderEventKind.Delivered, OrderEventKind.Returned);
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Returned)]
    [InlineData(OrderStatus.New)]
    public async Task An_illegal_transition_from_new_is_refused_with_a_reason_and_changes_nothing(OrderStatus next)
    {
        var (store, warehouse, product) = await StoreAsync();
        var order = await PlaceAsync(store.TenantId, warehouse, 2);

        var result = await app.MoveOrderAsync(store.TenantId, order.Id, next);

        result.Should().BeOfType<TransitionResult.NotAllowed>().Which.English.Should().Contain("New");
        (await app.InDbAsync(store.TenantId, db => db.Orders.SingleAsync(o => o.Id == order.Id))).Status.Should().Be(OrderStatus.New);
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 2));
    }

    [Fact]
    public async Task A_cancelled_or_delivered_order_cannot_be_cancelled_again()
    {
        var (store, warehouse, _) = await StoreAsync();
        var order = await PlaceAsync(store.TenantId, warehouse, 1);
        await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Cancelled);

        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Cancelled)).Should().BeOfType<TransitionResult.NotAllowed>();
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Confirmed)).Should().BeOfType<TransitionResult.NotAllowed>();
    }

    [Fact]
    public async Task Block_refuses_a_short_order_naming_every_short_line_and_reserves_nothing()
    {
        var (store, warehouse, product) = await StoreAsync(stock: 3);
        var other = await app.AddProductAsync(store.TenantId, "MUG-1", null, (warehouse, 1));

        var result = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TEA-1", 5), ("MUG-1", 1)));

        result.Should().BeOfType<PlaceOrderResult.Refused>().Which.Shortages.Should().ContainSingle()
            .Which.Should().Match<OrderShortage>(s => s.Sku == "TEA-1" && s.Wanted == 5 && s.Available == 3);
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(3, 0));
        (await app.LevelAsync(store.TenantId, other, warehouse)).Should().Be(new StockLevelRow(1, 0), "all or nothing");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Warning_only_asks_first_then_oversells_once_confirmed_and_shipping_waits_for_stock()
    {
        var (store, warehouse, product) = await StoreAsync(stock: 2, OutOfStockPolicy.Warn);

        var first = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TEA-1", 5)));
        first.Should().BeOfType<PlaceOrderResult.NeedsConfirmation>().Which.Shortages.Should().ContainSingle(s => s.Wanted == 5 && s.Available == 2);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0, "nothing is written before the confirmation");

        var order = await PlaceAsync(store.TenantId, warehouse, 5, acknowledge: true);

        order.Lines.Single().Should().Match<OrderLine>(l => l.Reserved == 5 && l.Oversold == 3 && l.Backordered == 0);
        (await app.LevelAsync(store.TenantId, product, warehouse))!.Available.Should().Be(-3, "the product is oversold");
        await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Confirmed);
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Shipped)).Should().BeOfType<TransitionResult.StockRefused>()
            .Which.Should().Match<TransitionResult.StockRefused>(r => r.Sku == "TEA-1" && r.Wanted == 5 && r.OnHand == 2);
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 3));
        (await app.MoveOrderAsync(store.TenantId, order.Id, OrderStatus.Shipped)).Should().BeOfType<TransitionResult.Done>();
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(0, 0));
    }

    [Fact]
    public async Task A_backordered_order_waits_cannot_ship_and_a_cancelled_one_gives_its_place_to_the_next()
    {
        var (store, warehouse, product) = await StoreAsync(stock: 2, OutOfStockPolicy.Backorder);
        var first = await PlaceAsync(store.TenantId, warehouse, 5);
        var second = await PlaceAsync(store.TenantId, warehouse, 2);

        first.Lines.Single().Should().Match<OrderLine>(l => l.Reserved == 2 && l.Backordered == 3);
        first.IsBackordered.Should().BeTrue();
        second.Lines.Single().Should().Match<OrderLine>(l => l.Reserved == 0 && l.Backordered == 2);
        await app.MoveOrderAsync(store.TenantId, first.Id, OrderStatus.Confirmed);
        (await app.MoveOrderAsync(store.TenantId, first.Id, OrderStatus.Shipped)).Should().BeOfType<TransitionResult.NotAllowed>()
            .Which.English.Should().Contain("3 units on backorder");

        // Cancelling the first releases its 2 reserved units: they go to the second, which then waits for nothing.
        await app.MoveOrderAsync(store.TenantId, first.Id, OrderStatus.Cancelled);
        var refreshed = await app.InDbAsync(store.TenantId, db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == second.Id));
        refreshed.IsBackordered.Should().BeFalse();
        refreshed.Lines.Single().Should().Match<OrderLine>(l => l.Reserved == 2 && l.Backordered == 0);
        (await app.InDbAsync(store.TenantId, db => db.StockLevels.SingleAsync(s => s.ProductId == product)))
            .Should().Match<StockLevel>(s => s.OnHand == 2 && s.Reserved == 2 && s.Backordered == 0);
        (await app.BackorderMismatchesAsync(store.TenantId)).Should().BeEmpty();
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_return_fills_backorders_waiting_in_that_warehouse()
    {
        var (store, warehouse, product) = await StoreAsync(stock: 1, OutOfStockPolicy.Backorder);
        var shipped = await PlaceAsync(store.TenantId, warehouse, 1);
        await app.MoveOrderAsync(store.TenantId, shipped.Id, OrderStatus.Confirmed);
        await app.MoveOrderAsync(store.TenantId, shipped.Id, OrderStatus.Shipped);
        var waiting = await PlaceAsync(store.TenantId, warehouse, 1);
        waiting.IsBackordered.Should().BeTrue();

        await app.MoveOrderAsync(store.TenantId, shipped.Id, OrderStatus.Returned);

        (await app.InDbAsync(store.TenantId, db => db.Orders.SingleAsync(o => o.Id == waiting.Id))).IsBackordered.Should().BeFalse();
        (await app.InDbAsync(store.TenantId, db => db.OrderEvents.AnyAsync(e => e.OrderId == waiting.Id && e.Kind == OrderEventKind.BackorderFilled))).Should().BeTrue();
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_order_taking_stock_below_a_threshold_opens_an_alert()
    {
        var (store, warehouse, product) = await StoreAsync(stock: 10);
        await app.SetProductThresholdAsync(store.TenantId, product, 5);

        await PlaceAsync(store.TenantId, warehouse, 6);

        (await app.InDbAsync(store.TenantId, db => db.StockAlerts.CountAsync(a => a.ProductId == product && a.ResolvedAt == null))).Should().Be(1);
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    public static TheoryData<string, int, string, string> BadDrafts => new()
    {
        { "TEA-1", 0, "Lines[0].Quantity", "A quantity is a whole number from 1 to 10000." },
        { "TEA-1", -3, "Lines[0].Quantity", "A quantity is a whole number from 1 to 10000." },
        { "TEA-1", 10_001, "Lines[0].Quantity", "A quantity is a whole number from 1 to 10000." },
        { "NOPE-9", 1, "Lines[0].Sku", "No product has the SKU NOPE-9." },
        { "OLD-1", 1, "Lines[0].Sku", "OLD-1 is archived and cannot be ordered." },
        { "", 1, "Lines[0].Sku", "Enter a SKU." },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public async Task Bad_lines_are_refused_with_clear_errors_and_nothing_is_stored(string sku, int quantity, string field, string message)
    {
        var (store, warehouse, product) = await StoreAsync();
        var archived = await app.AddProductAsync(store.TenantId, "OLD-1", null, (warehouse, 5));
        await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == archived).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsArchived, true)));

        var result = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, (sku, quantity)));

        result.Should().BeOfType<PlaceOrderResult.Invalid>().Which.Errors.Select(e => (e.Field, e.English)).Should().Contain((field, message));
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 0));
    }

    [Fact]
    public async Task Empty_orders_duplicate_lines_and_another_stores_warehouse_are_refused()
    {
        var (store, warehouse, _) = await StoreAsync();
        var other = await app.CreateStoreAsync();
        var foreign = await app.AddWarehouseAsync(other.TenantId, "THEIRS");

        var empty = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse));
        var duplicate = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TEA-1", 1), ("TEA-1", 2)));
        var foreignWarehouse = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(foreign, ("TEA-1", 1)));

        empty.Should().BeOfType<PlaceOrderResult.Invalid>().Which.Errors.Should().Contain(e => e.Field == "Lines");
        duplicate.Should().BeOfType<PlaceOrderResult.Invalid>().Which.Errors.Should().Contain(e => e.Field == "Lines[1].Sku");
        foreignWarehouse.Should().BeOfType<PlaceOrderResult.Invalid>().Which.Errors.Should().Contain(e => e.Field == "WarehouseId");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }
}
