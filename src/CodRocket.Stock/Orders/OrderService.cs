using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CodRocket.Stock.Orders;

/// <summary>
/// Takes COD orders and moves them through their life, each step in one transaction with its stock side applied
/// by the ledger: placing reserves (or backorders, or oversells, by policy), shipping consumes, cancelling releases,
/// returning restocks.
/// </summary>
public sealed class OrderService(
    StockDbContext db, ITenantContext tenant, StockWorkFactory stockWork, TimeProvider clock,
    IOptions<OrderOptions>? options = null)
{
    private readonly string _defaultPhoneRegion = options?.Value.DefaultPhoneRegion ?? new OrderOptions().DefaultPhoneRegion;

    /// <summary>
    /// Validates, applies the policy and places the order in one transaction. The hot path of a busy call centre or a
    /// storefront's flash sale: its reads and writes are plain SQL batches (one round trip each) around the ledger's,
    /// not EF queries, and the connection stays open across them.
    /// </summary>
    public async Task<PlaceOrderResult> PlaceAsync(OrderDraft draft, bool acknowledgeShortages, CancellationToken ct)
    {
        // Opened outside EF: the store's row-level-security setting rides in the validation batch, not a round trip of its own.
        await using var connection = await RawConnection.OpenAsync(db, tenant, ct);
        return await PlaceOpenAsync(connection, draft, acknowledgeShortages, ct);
    }

    private async Task<PlaceOrderResult> PlaceOpenAsync(RawConnection connection, OrderDraft draft, bool acknowledgeShortages, CancellationToken ct)
    {
        var (errors, products, store) = await ValidateAsync(connection, draft, ct);
        if (errors.Count > 0)
        {
            return new PlaceOrderResult.Invalid(errors);
        }
        // Stored as the courier dials it, whatever spacing the call centre typed.
        draft = draft with { Customer = draft.Customer with { Phone = CustomerPhone.ToE164(draft.Customer.Phone, store.PhoneRegion)! } };
        var warehouseId = draft.WarehouseId!.Value;
        var lines = draft.Lines.Select((line, i) => (LineNo: i + 1, line.Quantity, Product: products[Identifiers.Normalize(line.Sku)]))
            .Select(l => (l.LineNo, l.Quantity, l.Product, Policy: l.Product.Policy ?? store.DefaultPolicy))
            .ToList();

        // "Warning only" shortages are shown before anything is written; the person confirms, or changes the order.
        var warned = lines.Where(l => l.Policy == OutOfStockPolicy.Warn).ToList();
        if (warned.Count > 0 && !acknowledgeShortages)
        {
            var shortages = await ShortagesAsync(warehouseId, warned.Select(l => (l.LineNo, l.Product, l.Quantity, l.Policy)), ct);
            if (shortages.Count > 0)
            {
                return new PlaceOrderResult.NeedsConfirmation(shortages);
            }
        }

        var now = clock.GetUtcNow();
        var order = new Order(
            warehouseId, draft.Customer, draft.ExternalReference, tenant.UserId, now, StoreDay.Of(now, store.TimeZone), store.Currency, tenant.ApiKeyId);
        foreach (var line in lines)
        {
            // The price at order time, kept on the line: a later change of the product's price leaves this order as taken.
            order.AddLine(line.Product.Id, line.Quantity, draft.Lines[line.LineNo - 1].UnitPrice ?? line.Product.Price);
        }
        var changes = lines.Select(l => l.Policy switch
        {
            OutOfStockPolicy.Backorder => StockChange.ReserveOrBackorder(l.Product.Id, warehouseId, l.Quantity, order.Id),
            OutOfStockPolicy.Warn => StockChange.Reserve(l.Product.Id, warehouseId, l.Quantity, mustBeAvailable: false, order.Id),
            _ => StockChange.Reserve(l.Product.Id, warehouseId, l.Quantity, mustBeAvailable: true, order.Id),
        }).ToList();

        // The store's next number, taken in a statement of its own before the order's work when the request holds no
        // transaction: the counter row is then locked for that statement only, not until the order commits (held to the
        // commit, it made every order of a store wait for the one before: 1,000-product placement fell to half).
        // A refused order leaves a gap; numbers stay unique per store, which is all they promise.
        var number = stockWork.InRequestWork ? (long?)null : await NextNumberAsync(connection, ct);
        await using var work = await stockWork.BeginBatchedAsync(lines.Select(l => l.Product.Id), ct);
        var stock = await work.ApplyAsync(changes, ct);
        if (!stock.Succeeded)
        {
            // A "Block" line is short (multi-line orders are all or nothing): undo, then report every short line as
            // the stock stands without this order.
            await work.RollbackAsync(ct);
            if (stock.Refusal is { Reason: StockRefusalReason.StockLimitReached } limit
                && lines.FirstOrDefault(l => l.Product.Id == limit.ProductId) is { Product: not null } over)
            {
                // A "Warning only" or "Auto-backorder" line at the warehouse's bound: no line is short, so say which bound.
                return new PlaceOrderResult.StockLimitReached(over.LineNo, over.Product.Sku, over.Quantity, StockLimits.MaxStock);
            }
            var blocked = lines.Where(l => l.Policy == OutOfStockPolicy.Block).Select(l => (l.LineNo, l.Product, l.Quantity, l.Policy)).ToList();
            var shortages = await ShortagesAsync(warehouseId, blocked, ct);
            if (shortages.Count == 0 && stock.Refusal is { } refusal && blocked.FirstOrDefault(l => l.Product.Id == refusal.ProductId) is { Product: not null } line)
            {
                // Another order took the units and gave them back in between: report what the ledger saw.
                shortages = [new OrderShortage(line.LineNo, line.Product.Id, line.Product.Sku, line.Product.Name, line.Quantity, refusal.Available, line.Policy)];
            }
            return new PlaceOrderResult.Refused(shortages);
        }
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var level = stock.Levels[i];
            order.Lines[i].Placed(level.ReservedByChange, oversold: Math.Min(order.Lines[i].Quantity, Math.Max(0, -level.Available)));
        }
        order.RefreshBackordered();
        try
        {
            // Inside the request's transaction, the number is taken now: the request's commit releases the counter row.
            order.Numbered(number ?? await NextNumberAsync(connection, ct));
            await work.ExecuteAsync(InsertCommands(order, now), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await work.RollbackAsync(ct);
            return new PlaceOrderResult.Invalid([new OrderError(nameof(OrderDraft.ExternalReference),
                Text.Key("Another order already uses this external reference."))]);
        }
        work.Publish(OrderWebhooks.Created(order, lines.Select(l => (l.Product.Sku, l.Quantity))));
        await work.CommitAsync(ct);
        return new PlaceOrderResult.Placed(order);
    }

    /// <summary>The store's next order number: one statement, its own transaction unless the request holds one.</summary>
    private async Task<long> NextNumberAsync(RawConnection connection, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection.Connection);
        batch.BatchCommands.Add(Sql.Command(
            """
            INSERT INTO order_number_counters AS c (tenant_id, last_number) VALUES ($1, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET last_number = c.last_number + 1
            RETURNING last_number
            """, tenant.RequireTenant()));
        return (long)(await batch.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The order, its lines, its "created" event and its units in the daily sales rollup, in one round trip.</summary>
    private IEnumerable<NpgsqlBatchCommand> InsertCommands(Order order, DateTimeOffset now)
    {
        var tenantId = tenant.RequireTenant();
        yield return Sql.Command(
            """
            INSERT INTO orders (tenant_id, id, warehouse_id, customer_name, customer_phone, city, address, external_reference,
                                status, is_backordered, created_by, api_key_id, created_at, updated_at, sales_day, number, currency)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $15, $12, $12, $13, $14, $16)
            """,
            tenantId, order.Id, order.WarehouseId, order.CustomerName, order.CustomerPhone, order.City, Sql.Text(order.Address),
            Sql.Text(order.ExternalReference), order.Status.ToString(), order.IsBackordered, Sql.Uuid(order.CreatedBy), now, order.SalesDay,
            order.Number, Sql.Uuid(order.ApiKeyId), order.Currency);
        yield return Sql.Command(
            """
            INSERT INTO order_lines (tenant_id, order_id, line_no, product_id, quantity, reserved, backordered, oversold, shipped, unit_price)
            SELECT $1, $2, l.line_no, l.product_id, l.quantity, l.reserved, l.backordered, l.oversold, 0, l.unit_price
            FROM unnest($3::int[], $4::uuid[], $5::int[], $6::int[], $7::int[], $8::int[], $9::numeric[])
                 AS l(line_no, product_id, quantity, reserved, backordered, oversold, unit_price)
            """,
            tenantId, order.Id, order.Lines.Select(l => l.LineNo).ToArray(), order.Lines.Select(l => l.ProductId).ToArray(),
            order.Lines.Select(l => l.Quantity).ToArray(), order.Lines.Select(l => l.Reserved).ToArray(),
            order.Lines.Select(l => l.Backordered).ToArray(), order.Lines.Select(l => l.Oversold).ToArray(),
            order.Lines.Select(l => l.UnitPrice).ToArray());
        yield return Sql.Command(
            "INSERT INTO order_events (tenant_id, order_id, kind, at, user_id, api_key_id, note) VALUES ($1, $2, $3, $4, $5, $7, $6)",
            tenantId, order.Id, nameof(OrderEventKind.Created), now, Sql.Uuid(tenant.UserId), Sql.Text(CreatedNote(order)), Sql.Uuid(order.ApiKeyId));
        yield return SalesRollup.Add(tenantId, order.WarehouseId, order.SalesDay, [.. order.Lines.Select(l => (l.ProductId, l.Quantity))]);
    }

    public async Task<TransitionResult> MoveAsync(Guid orderId, OrderStatus next, CancellationToken ct)
    {
        var productIds = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId).Select(l => l.ProductId).ToListAsync(ct);
        if (productIds.Count == 0)
        {
            return new TransitionResult.NotFound();
        }
        // Products first (the work's locks), then the order: the lock order of every stock change and backorder fill.
        await using var work = await stockWork.BeginAsync(productIds, ct);
        await LockOrderAsync(work, orderId, ct);
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return new TransitionResult.NotFound();
        }
        if (!order.CanMoveTo(next))
        {
            return new TransitionResult.NotAllowed(Text.Key("An order that is {0} cannot be {1}."), order.Status, next);
        }
        if (next == OrderStatus.Shipped && order.IsBackordered)
        {
            return new TransitionResult.NotAllowed(
                Text.Key("The order waits for {0} units on backorder; it ships once they arrive."), order.Lines.Sum(l => l.Backordered));
        }

        // The stock side is computed from the lines as they are, then the order changes first: a cancelled order's
        // released units must not be handed back to it by the backorder queue.
        var changes = order.Lines.SelectMany(l => StockSide(order, l, next)).ToList();
        var now = clock.GetUtcNow();
        var previous = order.Status;
        order.MoveTo(next, now);
        db.OrderEvents.Add(new OrderEvent(order.Id, Enum.Parse<OrderEventKind>(next.ToString()), now, tenant.UserId, apiKeyId: tenant.ApiKeyId));
        await db.SaveChangesAsync(ct);
        if (next is OrderStatus.Cancelled or OrderStatus.Returned)
        {
            // Taken back: no longer sold, on the day it was sold (see DailySales).
            await work.ExecuteAsync([SalesRollup.Add(tenant.RequireTenant(), order.WarehouseId, order.SalesDay,
                [.. order.Lines.Select(l => (l.ProductId, -l.Quantity))])], ct);
        }

        var stock = await work.ApplyAsync(changes, ct);
        if (stock.Refusal is { } refusal)
        {
            await work.RollbackAsync(ct);
            var sku = await db.Products.Where(p => p.Id == refusal.ProductId).Select(p => p.Sku).SingleAsync(ct);
            return refusal.Reason == StockRefusalReason.StockLimitReached
                ? new TransitionResult.StockLimitReached(sku)
                : new TransitionResult.StockRefused(sku, refusal.Requested, refusal.Available);
        }
        work.Publish(OrderWebhooks.StatusChanged(order, previous));
        await work.CommitAsync(ct);
        return new TransitionResult.Done(order);
    }

    private static IEnumerable<StockChange> StockSide(Order order, OrderLine line, OrderStatus next) => next switch
    {
        OrderStatus.Shipped when line.Reserved > 0 => [StockChange.Ship(line.ProductId, order.WarehouseId, line.Reserved, order.Id)],
        OrderStatus.Cancelled when line.Reserved + line.Backordered > 0 =>
            [StockChange.Release(line.ProductId, order.WarehouseId, line.Reserved, line.Backordered, order.Id)],
        OrderStatus.Returned when line.Shipped > 0 => [StockChange.Return(line.ProductId, order.WarehouseId, line.Shipped, order.Id)],
        _ => [],
    };

    private Task LockOrderAsync(StockWork work, Guid orderId, CancellationToken ct) =>
        work.ExecuteAsync([Sql.Command("SELECT 1 FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE", tenant.RequireTenant(), orderId)], ct);

    /// <summary>What placing needs to know about a product.</summary>
    private sealed record OrderProduct(Guid Id, string Sku, string Name, bool IsArchived, OutOfStockPolicy? Policy, decimal? Price);

    /// <summary>What placing needs to know about the store; its country reads local customer phones; its currency prices the order.</summary>
    private sealed record OrderStore(OutOfStockPolicy DefaultPolicy, string TimeZone, string PhoneRegion, string Currency);

    private async Task<(List<OrderError> Errors, Dictionary<string, OrderProduct> Products, OrderStore Store)> ValidateAsync(
        RawConnection connection, OrderDraft draft, CancellationToken ct)
    {
        var errors = new List<OrderError>();
        var skus = draft.Lines.Select(l => Identifiers.Normalize(l.Sku ?? "")).Where(s => s.Length > 0).Distinct(Product.SkuComparer).ToArray();
        var tenantId = tenant.RequireTenant();

        // The warehouse, the store's default policy, time zone, country and currency, and the products with their prices,
        // in one round trip.
        await using var batch = connection.Batch(
            Sql.Command("SELECT is_active FROM warehouses WHERE tenant_id = $1 AND id = $2", tenantId, Sql.Uuid(draft.WarehouseId)),
            Sql.Command("SELECT default_out_of_stock_policy, time_zone, country, currency FROM tenants WHERE id = $1", tenantId),
            Sql.Command($"SELECT id, sku, name, is_archived, out_of_stock_policy, price FROM products WHERE tenant_id = $1 AND sku {Sql.IdMatch(skus)}",
                tenantId, Sql.IdParameter(skus)));
        var warehouseActive = false;
        var store = new OrderStore(OutOfStockPolicy.Block, "UTC", _defaultPhoneRegion, Currencies.Default);
        var products = new Dictionary<string, OrderProduct>(Product.SkuComparer);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct);
            warehouseActive = await reader.ReadAsync(ct) && reader.GetBoolean(reader.GetOrdinal("is_active"));
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                var country = reader.GetOrdinal("country");
                store = new OrderStore(Enum.Parse<OutOfStockPolicy>(reader.GetString(reader.GetOrdinal("default_out_of_stock_policy"))),
                    reader.GetString(reader.GetOrdinal("time_zone")), reader.IsDBNull(country) ? _defaultPhoneRegion : reader.GetString(country),
                    reader.GetString(reader.GetOrdinal("currency")));
            }
            await reader.NextResultAsync(ct);
            var (id, sku, name, archived, policy, price) = (reader.GetOrdinal("id"), reader.GetOrdinal("sku"), reader.GetOrdinal("name"),
                reader.GetOrdinal("is_archived"), reader.GetOrdinal("out_of_stock_policy"), reader.GetOrdinal("price"));
            while (await reader.ReadAsync(ct))
            {
                var product = new OrderProduct(reader.GetGuid(id), reader.GetString(sku), reader.GetString(name), reader.GetBoolean(archived),
                    reader.IsDBNull(policy) ? null : Enum.Parse<OutOfStockPolicy>(reader.GetString(policy)),
                    reader.IsDBNull(price) ? null : reader.GetDecimal(price));
                products[product.Sku] = product;
            }
        }

        if (!warehouseActive)
        {
            errors.Add(new OrderError(nameof(OrderDraft.WarehouseId), Text.Key("Choose an active warehouse.")));
        }
        Require(errors, "Customer.Name", draft.Customer.Name, Order.CustomerNameMaxLength, Text.Key("Enter the customer's name."));
        Require(errors, "Customer.Phone", draft.Customer.Phone, Order.CustomerPhoneMaxLength, Text.Key("Enter the customer's phone number."));
        Require(errors, "Customer.City", draft.Customer.City, Order.CityMaxLength, Text.Key("Enter the city."));
        if (draft.Customer.Address?.Length > Order.AddressMaxLength)
        {
            errors.Add(new OrderError("Customer.Address", Text.Key("The address has at most {0} characters."), Order.AddressMaxLength));
        }
        if (draft.ExternalReference?.Trim().Length > Order.ExternalReferenceMaxLength)
        {
            errors.Add(new OrderError(nameof(OrderDraft.ExternalReference), Text.Key("The external reference has at most {0} characters."), Order.ExternalReferenceMaxLength));
        }
        if (draft.Customer.Phone is { Length: > 0 } phone && !string.IsNullOrWhiteSpace(phone) && phone.Length <= Order.CustomerPhoneMaxLength
            && CustomerPhone.ToE164(phone, store.PhoneRegion) is null)
        {
            errors.Add(new OrderError("Customer.Phone",
                Text.Key("Enter a valid phone number: a local number of the store's country, or an international number starting with +.")));
        }
        if (draft.Lines.Count == 0)
        {
            errors.Add(new OrderError(nameof(OrderDraft.Lines), Text.Key("Add at least one product.")));
        }
        else if (draft.Lines.Count > Order.MaxLines)
        {
            errors.Add(new OrderError(nameof(OrderDraft.Lines), Text.Key("An order has at most {0} lines."), Order.MaxLines));
        }

        var seen = new HashSet<string>(Product.SkuComparer);
        for (var i = 0; i < draft.Lines.Count; i++)
        {
            var line = draft.Lines[i];
            var sku = Identifiers.Normalize(line.Sku ?? "");
            var field = $"Lines[{i}]";
            if (sku.Length == 0)
            {
                errors.Add(new OrderError($"{field}.Sku", Text.Key("Enter a SKU.")));
            }
            else if (!products.TryGetValue(sku, out var product))
            {
                errors.Add(new OrderError($"{field}.Sku", Text.Key("No product has the SKU {0}."), sku));
            }
            else if (product.IsArchived)
            {
                errors.Add(new OrderError($"{field}.Sku", Text.Key("{0} is archived and cannot be ordered."), sku));
            }
            else if (!seen.Add(sku))
            {
                errors.Add(new OrderError($"{field}.Sku", Text.Key("{0} is already on another line: change that line's quantity instead."), sku));
            }
            if (line.Quantity is < 1 or > Order.MaxQuantity)
            {
                errors.Add(new OrderError($"{field}.Quantity", Text.Key("A quantity is a whole number from {0} to {1}."), 1, Order.MaxQuantity));
            }
            if (line.UnitPrice is { } unitPrice && !Prices.IsValid(unitPrice))
            {
                errors.Add(new OrderError($"{field}.UnitPrice", Text.Key("A price is from 0 to {0} with at most {1} decimals."), Prices.Max, Prices.Decimals));
            }
        }
        return (errors, products, store);
    }

    private static void Require(List<OrderError> errors, string field, string? value, int max, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new OrderError(field, message));
        }
        else if (value.Trim().Length > max)
        {
            errors.Add(new OrderError(field, Text.Key("At most {0} characters."), max));
        }
    }

    /// <summary>The lines asking for more than is available in the warehouse right now.</summary>
    private async Task<List<OrderShortage>> ShortagesAsync(
        Guid warehouseId, IEnumerable<(int LineNo, OrderProduct Product, int Quantity, OutOfStockPolicy Policy)> lines, CancellationToken ct)
    {
        var list = lines.ToList();
        var ids = list.Select(l => l.Product.Id).ToList();
        var available = await db.StockLevels.AsNoTracking()
            .Where(s => s.WarehouseId == warehouseId && ids.Contains(s.ProductId))
            .ToDictionaryAsync(s => s.ProductId, s => s.Available, ct);
        return list
            .Select(l => new OrderShortage(l.LineNo, l.Product.Id, l.Product.Sku, l.Product.Name, l.Quantity, available.GetValueOrDefault(l.Product.Id), l.Policy))
            .Where(s => s.Wanted > s.Available)
            .ToList();
    }

    private static string? CreatedNote(Order order)
    {
        var backordered = order.Lines.Sum(l => l.Backordered);
        var oversold = order.Lines.Sum(l => l.Oversold);
        return (backordered, oversold) switch
        {
            (> 0, > 0) => $"{backordered} units backordered, {oversold} units oversold",
            (> 0, _) => $"{backordered} units backordered",
            (_, > 0) => $"{oversold} units oversold after a warning",
            _ => null,
        };
    }
}
