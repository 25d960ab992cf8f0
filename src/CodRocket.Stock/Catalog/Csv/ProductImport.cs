using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Catalog.Csv;

/// <summary>What a valid file changes: products with at least one setting changing, settings (fields) changing,
/// and stock counts that differ from the shelf.</summary>
public sealed record ImportSummary(int Rows, int ProductsChanging, int SettingsChanging, int StockCountsChanging, int ProductsCreating = 0)
{
    public bool ChangesNothing => SettingsChanging == 0 && StockCountsChanging == 0 && ProductsCreating == 0;

    /// <summary>New SKUs that look like SKUs the store has (with their line): a warning, they are still created.</summary>
    public IReadOnlyList<LookAlikeSku> LookAlikes { get; init; } = [];
}

/// <summary>A file checked against the store: its problems, or (when it has none) what applying it would change.</summary>
public sealed record ImportCheck(ImportFile File, ImportSummary? Summary)
{
    public bool IsValid => File.IsValid;
}

public sealed record ImportResult(ImportCheck Check, AlertOutcome Alerts)
{
    public bool Applied => Check.IsValid;

    /// <summary>The import as one change (<see cref="SettingChangeBatch"/>): what "Revert this change" puts back. Null when nothing ran.</summary>
    public Guid? ChangeId { get; init; }
}

/// <summary>
/// Imports a products CSV (<see cref="ProductCsv"/>): a dry run lists every problem with its line and column and
/// what would change; nothing is applied unless the whole file is valid. Applying validates again (the store may
/// have changed since the dry run) and then writes set-based, in one transaction, in one
/// <see cref="StockWork"/> (locks, audit, alert evaluation): one statement for the product settings, two for the
/// warehouse thresholds, and the stock counts that differ as one set of ledger changes.
/// </summary>
public sealed class ProductImport(StockDbContext db, StockWorkFactory stockWork, ITenantContext tenant, TimeProvider clock)
{
    /// <summary>The dry run: the problems, or what would change and the new SKUs that look like existing ones.</summary>
    public async Task<ImportCheck> CheckAsync(byte[] content, CancellationToken ct)
    {
        var resolved = await ResolveAsync(content, ct);
        return resolved.Check.Summary is { } summary && resolved.Creating.Count > 0
            ? resolved.Check with { Summary = summary with { LookAlikes = await LookAlikesAsync(resolved.Check.File, resolved.Creating, ct) } }
            : resolved.Check;
    }

    public async Task<ImportResult> ApplyAsync(byte[] content, string fileName, CancellationToken ct)
    {
        var resolved = await ResolveAsync(content, ct);
        if (!resolved.Check.IsValid || resolved.Check.Summary is null or { ChangesNothing: true })
        {
            return new ImportResult(resolved.Check, AlertOutcome.Nothing);
        }
        var tenantId = tenant.RequireTenant();
        var file = resolved.Check.File;
        var now = clock.GetUtcNow();
        var batch = new SettingChangeBatch(Guid.CreateVersion7(now), ChangeSource.Import, fileName, tenant.UserId, now);
        await using var work = await stockWork.BeginAsync(resolved.ProductIds.Values, ct);
        await work.AuditSettingsAsync(new ChangeOrigin(ChangeSource.Import, BatchId: batch.Id), ct);
        // One batch: the import's change row (its audit rows point to it), the new products (one statement) so that the
        // settings, thresholds and counts apply to them too, then the settings.
        List<NpgsqlBatchCommand> writes = [SettingsAudit.BatchCommand(tenantId, batch)];
        if (resolved.Creating.Count > 0)
        {
            writes.Add(ImportStatements.CreateProducts(tenantId, resolved.Creating, now));
        }
        await work.ExecuteAsync([.. writes, .. ImportStatements.Settings(tenantId, file, resolved, now)], ct);
        var counts = await ImportStatements.ChangedCountsAsync(work, tenantId, file, resolved, ct);
        if (counts.Count > 0)
        {
            var note = $"CSV import {fileName}";
            var result = await work.ApplyAsync([.. counts.Select(c => StockChange.Count(c.ProductId, c.WarehouseId, c.Counted, AdjustmentReason.Count, note))], ct);
            if (!result.Succeeded)
            {
                file.Add(new ImportProblem(0, null, ImportProblemKind.StockRefused, result.Refusal?.Reason.ToString()));
                return new ImportResult(resolved.Check, AlertOutcome.Nothing);
            }
        }
        return new ImportResult(resolved.Check, await work.CommitAsync(ct)) { ChangeId = batch.Id };
    }

    /// <summary>Reads the file, then checks its SKUs and warehouse codes against the store (two queries) and
    /// compares its values with the current ones (two more) for the summary.</summary>
    private async Task<Resolved> ResolveAsync(byte[] content, CancellationToken ct)
    {
        var file = ProductCsvReader.Read(content);
        var empty = new Resolved(new ImportCheck(file, null), new Dictionary<string, Guid>(), new Dictionary<string, Guid>(), []);
        if (file.Rows.Count == 0 && !file.IsValid)
        {
            return empty;
        }

        var codes = file.Columns.ThresholdWarehouses.Concat(file.Columns.StockWarehouses).Distinct().ToList();
        var warehouses = await db.Warehouses.AsNoTracking().Where(w => codes.Contains(w.Code))
            .ToDictionaryAsync(w => w.Code, w => w.Id, StringComparer.Ordinal, ct);
        foreach (var code in codes.Where(c => !warehouses.ContainsKey(c)))
        {
            foreach (var prefix in new[] { ProductCsv.ThresholdPrefix, ProductCsv.StockPrefix })
            {
                var list = prefix == ProductCsv.ThresholdPrefix ? file.Columns.ThresholdWarehouses : file.Columns.StockWarehouses;
                if (list.Contains(code))
                {
                    file.Add(new ImportProblem(1, prefix + code, ImportProblemKind.UnknownWarehouse, code));
                }
            }
        }

        var skus = file.Rows.Select(r => r.Sku).ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku))
            .Select(p => new Current(p.Id, p.Sku, p.LowStockThreshold, p.SmsAlerts, p.OutOfStockPolicy, p.LeadTimeDays, p.SafetyStock, p.SeasonalFactor, p.Price))
            .ToDictionaryAsync(p => p.Sku, Product.SkuComparer, ct);
        // An unknown SKU with a name creates the product; without a name it is an error.
        var creating = new List<NewProduct>();
        foreach (var row in file.Rows.Where(r => !products.ContainsKey(r.Sku)))
        {
            if (row.Name is { } name)
            {
                creating.Add(new NewProduct(Guid.CreateVersion7(), row.Sku, name));
            }
            else
            {
                file.Add(new ImportProblem(row.Line, ProductCsv.Sku, ImportProblemKind.UnknownSku, row.Sku));
            }
        }
        file.SortProblems();
        var ids = products.ToDictionary(p => p.Key, p => p.Value.Id, Product.SkuComparer);
        foreach (var created in creating)
        {
            ids[created.Sku] = created.Id;
            products[created.Sku] = new Current(created.Id, created.Sku, null, false, null, null, null, 1m, null);
        }
        if (!file.IsValid)
        {
            return new Resolved(new ImportCheck(file, null), ids, warehouses, creating);
        }
        var summary = await SummarizeAsync(file, products, warehouses, ct) with { ProductsCreating = creating.Count };
        return new Resolved(new ImportCheck(file, summary), ids, warehouses, creating);
    }

    /// <summary>The rows creating a product whose SKU looks like one the store has, by line (the product form's rule).</summary>
    private async Task<IReadOnlyList<LookAlikeSku>> LookAlikesAsync(ImportFile file, IReadOnlyList<NewProduct> creating, CancellationToken ct)
    {
        var found = await LookAlikeSkus.FindAsync(db, [.. creating.Select(c => c.Sku)], ct);
        return found.Count == 0
            ? []
            : [.. file.Rows.Where(r => found.ContainsKey(r.Sku)).Select(r => new LookAlikeSku(r.Sku, found[r.Sku], r.Line))];
    }

    private async Task<ImportSummary> SummarizeAsync(
        ImportFile file, Dictionary<string, Current> products, Dictionary<string, Guid> warehouses, CancellationToken ct)
    {
        var columns = file.Columns;
        var levels = new Dictionary<(Guid, Guid), (int? Threshold, int OnHand)>();
        if (columns.ThresholdWarehouses.Count + columns.StockWarehouses.Count > 0)
        {
            var productIds = products.Values.Select(p => p.Id).ToList();
            var warehouseIds = warehouses.Values.ToList();
            levels = await db.StockLevels.AsNoTracking()
                .Where(s => productIds.Contains(s.ProductId) && warehouseIds.Contains(s.WarehouseId))
                .ToDictionaryAsync(s => (s.ProductId, s.WarehouseId), s => (s.LowStockThreshold, s.OnHand), ct);
        }
        int productsChanging = 0, settingsChanging = 0, countsChanging = 0;
        foreach (var row in file.Rows)
        {
            var p = products[row.Sku];
            var changes = 0;
            changes += columns.LowStockAlert && row.LowStockThreshold != p.LowStockThreshold ? 1 : 0;
            changes += columns.SmsAlerts && row.SmsAlerts != p.SmsAlerts ? 1 : 0;
            changes += columns.OutOfStockPolicy && row.OutOfStockPolicy != p.OutOfStockPolicy ? 1 : 0;
            changes += columns.LeadTimeDays && row.LeadTimeDays != p.LeadTimeDays ? 1 : 0;
            changes += columns.SafetyStock && row.SafetyStock != p.SafetyStock ? 1 : 0;
            changes += columns.SeasonalFactor && row.SeasonalFactor != p.SeasonalFactor ? 1 : 0;
            changes += columns.Price && row.Price != p.Price ? 1 : 0;
            for (var i = 0; i < columns.ThresholdWarehouses.Count; i++)
            {
                var current = levels.GetValueOrDefault((p.Id, warehouses[columns.ThresholdWarehouses[i]]));
                changes += row.WarehouseThresholds[i] != current.Threshold ? 1 : 0;
            }
            for (var i = 0; i < columns.StockWarehouses.Count; i++)
            {
                var current = levels.GetValueOrDefault((p.Id, warehouses[columns.StockWarehouses[i]]));
                countsChanging += row.StockCounts[i] is { } count && count != current.OnHand ? 1 : 0;
            }
            settingsChanging += changes;
            productsChanging += changes > 0 ? 1 : 0;
        }
        return new ImportSummary(file.Rows.Count, productsChanging, settingsChanging, countsChanging);
    }

    private sealed record Current(
        Guid Id, string Sku, int? LowStockThreshold, bool SmsAlerts, OutOfStockPolicy? OutOfStockPolicy, int? LeadTimeDays, int? SafetyStock, decimal SeasonalFactor,
        decimal? Price);
}

/// <summary>The file's SKUs and warehouse codes as this store's ids.</summary>
internal sealed record Resolved(
    ImportCheck Check, IReadOnlyDictionary<string, Guid> ProductIds, IReadOnlyDictionary<string, Guid> WarehouseIds, IReadOnlyList<NewProduct> Creating);

/// <summary>A product the import creates: a row whose SKU the store does not have, with a name.</summary>
internal sealed record NewProduct(Guid Id, string Sku, string Name);
