using CodRocket.Stock.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Catalog.Csv;

/// <summary>
/// Writes the products of a selection (a <see cref="ProductFilter"/>) as a products CSV (<see cref="ProductCsv"/>),
/// ordered by SKU, with a threshold and a stock column for every warehouse of the store. Stock rows are read in
/// chunks of products, so a store of 100,000 products costs a few dozen queries, not one per product.
/// </summary>
public sealed class ProductCsvExport(StockDbContext db)
{
    private const int Chunk = 5_000;

    public async Task WriteAsync(IQueryable<Product> products, Stream output, CancellationToken ct)
    {
        var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new { w.Id, w.Code }).ToListAsync(ct);
        var rows = await products.AsNoTracking().OrderBy(p => p.Sku)
            .Select(p => new { p.Id, p.Sku, p.Name, p.Price, p.LowStockThreshold, p.SmsAlerts, p.OutOfStockPolicy, p.LeadTimeDays, p.SafetyStock, p.SeasonalFactor })
            .ToListAsync(ct);

        // Spreadsheets run a cell starting with = + - @ as a formula: such text is written with a leading ', which
        // the import removes again (ProductCsv.Unescape).
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(
            [.. ProductCsv.ProductColumns, .. warehouses.SelectMany(w => new[] { ProductCsv.ThresholdPrefix + w.Code, ProductCsv.StockPrefix + w.Code })], ct);

        foreach (var chunk in rows.Chunk(Chunk))
        {
            var ids = chunk.Select(p => p.Id).ToList();
            var levels = (await db.StockLevels.AsNoTracking().Where(s => ids.Contains(s.ProductId))
                    .Select(s => new { s.ProductId, s.WarehouseId, s.LowStockThreshold, s.OnHand })
                    .ToListAsync(ct))
                .ToDictionary(s => (s.ProductId, s.WarehouseId));
            foreach (var p in chunk)
            {
                var fields = new List<string>(ProductCsv.ProductColumns.Length + 2 * warehouses.Count)
                {
                    p.Sku, p.Name, ProductCsv.Money(p.Price), ProductCsv.Number(p.LowStockThreshold), ProductCsv.Yes(p.SmsAlerts), ProductCsv.Policy(p.OutOfStockPolicy),
                    ProductCsv.Number(p.LeadTimeDays), ProductCsv.Number(p.SafetyStock), ProductCsv.Factor(p.SeasonalFactor),
                };
                foreach (var w in warehouses)
                {
                    var level = levels.GetValueOrDefault((p.Id, w.Id));
                    fields.Add(ProductCsv.Number(level?.LowStockThreshold));
                    fields.Add(ProductCsv.Number(level?.OnHand ?? 0));
                }
                await csv.WriteRecordAsync([.. fields], ct);
            }
        }
        await csv.FlushAsync(ct);
    }
}
