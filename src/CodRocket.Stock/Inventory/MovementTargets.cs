using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Inventory;

/// <summary>A product as a movement names it.</summary>
public sealed record MovementProduct(Guid Id, string Sku);

public sealed record MovementWarehouse(Guid Id, string Code);

/// <summary>What a movement's SKU and warehouse codes name in the store; null where nothing matches.</summary>
/// <param name="Remembered">The rows came from the node's memory (<see cref="MovementTargetCache"/>), unchecked:
/// the change must carry <see cref="Names"/> for the ledger to check.</param>
public sealed record MovementTargetRows(MovementProduct? Product, IReadOnlyDictionary<string, MovementWarehouse> Warehouses, bool Remembered = false)
{
    /// <summary>What the ledger checks on the rows it locks, for rows from memory; null for rows just read.</summary>
    public StockTargetNames? Names => Remembered && Product is { } product
        ? new StockTargetNames(product.Id, product.Sku, Warehouses.Values.ToDictionary(w => w.Id, w => w.Code))
        : null;
}

/// <summary>
/// The product and the warehouses a movement names, in one round trip — or in none, from the node's memory, when the
/// caller's change carries <see cref="MovementTargetRows.Names"/>: a movement is the API's busiest call (a storefront
/// syncing stock), and the ledger checks the names on the rows it locks anyway.
/// </summary>
public sealed class MovementTargets(StockDbContext db, ITenantContext tenant, MovementTargetCache memory)
{
    /// <param name="sku">Normalized SKU.</param>
    /// <param name="codes">Normalized warehouse codes.</param>
    /// <param name="fromMemory">Answer from the node's memory when it holds every name (the caller checks them in its change).</param>
    public async Task<MovementTargetRows> FindAsync(string sku, string[] codes, bool fromMemory, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        if (fromMemory && memory.TryGet(tenantId, sku, codes) is { } remembered)
        {
            return remembered;
        }
        await using var connection = await RawConnection.OpenAsync(db, tenant, ct);
        await using var batch = connection.Batch(Sql.Command(
            // The product's row, then one row per warehouse: index probes only.
            """
            SELECT p.id AS product_id, p.sku, NULL::uuid AS warehouse_id, NULL::text AS code
            FROM products p WHERE p.tenant_id = $1 AND p.sku = $2
            UNION ALL
            SELECT NULL, NULL, w.id, w.code FROM warehouses w WHERE w.tenant_id = $1 AND w.code = ANY($3)
            """,
            tenantId, sku, codes));
        MovementProduct? product = null;
        var warehouses = new Dictionary<string, MovementWarehouse>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        var (productId, productSku, warehouseId, code) = (reader.GetOrdinal("product_id"), reader.GetOrdinal("sku"),
            reader.GetOrdinal("warehouse_id"), reader.GetOrdinal("code"));
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(productId))
            {
                product = new MovementProduct(reader.GetGuid(productId), reader.GetString(productSku));
            }
            if (!reader.IsDBNull(warehouseId))
            {
                warehouses[reader.GetString(code)] = new MovementWarehouse(reader.GetGuid(warehouseId), reader.GetString(code));
            }
        }
        memory.Remember(tenantId, sku, product, warehouses.Values);
        return new MovementTargetRows(product, warehouses);
    }

    /// <summary>The ledger found the remembered names stale: forget them.</summary>
    public void Forget(string sku, string[] codes) => memory.Forget(tenant.RequireTenant(), sku, codes);
}

/// <summary>
/// The node's memory of what SKUs and warehouse codes named, per store, for <see cref="MovementTargets"/>. Only a hint:
/// a change addressed from memory carries the names, and the ledger refuses it (<see cref="StockRefusalReason.Renamed"/>)
/// unless the locked product still has exactly that SKU and each warehouse that code, so a renamed, re-used or
/// removed name costs one retry through the lookup, never a change to another row. Keyed by store: one store's
/// names never answer another's.
/// </summary>
public sealed class MovementTargetCache(TimeProvider clock)
{
    public const int Capacity = 10_000;

    /// <summary>Long enough for a storefront's sync; the ledger's check, not the lifetime, keeps it right.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly NodeCache<(Guid TenantId, string Sku), MovementProduct> _products = new(clock, Capacity, Lifetime);
    private readonly NodeCache<(Guid TenantId, string Code), MovementWarehouse> _warehouses = new(clock, Capacity, Lifetime);

    internal MovementTargetRows? TryGet(Guid tenantId, string sku, string[] codes)
    {
        if (!_products.TryGet((tenantId, sku), out var product))
        {
            return null;
        }
        var warehouses = new Dictionary<string, MovementWarehouse>(codes.Length, StringComparer.Ordinal);
        foreach (var code in codes)
        {
            if (!_warehouses.TryGet((tenantId, code), out var warehouse))
            {
                return null;
            }
            warehouses[code] = warehouse;
        }
        return new MovementTargetRows(product, warehouses, Remembered: true);
    }

    internal void Remember(Guid tenantId, string sku, MovementProduct? product, IEnumerable<MovementWarehouse> warehouses)
    {
        if (product is not null)
        {
            _products.Remember((tenantId, sku), product);
        }
        foreach (var warehouse in warehouses)
        {
            _warehouses.Remember((tenantId, warehouse.Code), warehouse);
        }
    }

    internal void Forget(Guid tenantId, string sku, string[] codes)
    {
        _products.Forget((tenantId, sku));
        foreach (var code in codes)
        {
            _warehouses.Forget((tenantId, code));
        }
    }
}
