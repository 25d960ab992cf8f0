using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Forecasting;

/// <summary>
/// Units sold of one product from one warehouse on one store day: the rollup every forecast reads, so a report over
/// 10,000 products never scans order lines. Written by <see cref="SalesRollup"/> in the order's own transaction.
/// </summary>
/// <remarks>
/// "Sold" means ordered and not taken back: an order counts on the store day it was placed (when the COD flow
/// commits the stock), and a cancellation or a return takes its units off that same day. So a day's figure is the
/// units of that day's orders that are still sold, never negative, and the velocity of a window is what its orders
/// really sold. A return a month later corrects last month, not today.
/// </remarks>
public sealed class DailySales : ITenantOwned
{
    private DailySales() { }

    public Guid TenantId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid WarehouseId { get; private set; }
    public DateOnly Day { get; private set; }
    public int Units { get; private set; }
}

internal sealed class DailySalesConfiguration : IEntityTypeConfiguration<DailySales>
{
    public void Configure(EntityTypeBuilder<DailySales> builder)
    {
        builder.ToTable("daily_sales");
        builder.HasKey(s => new { s.TenantId, s.ProductId, s.WarehouseId, s.Day });
        builder.HasOne<Product>().WithMany().HasForeignKey(s => new { s.TenantId, s.ProductId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(s => new { s.TenantId, s.WarehouseId }).OnDelete(DeleteBehavior.Cascade);
        // The report sums one window for every product of a store: an index-only range scan on the days.
        builder.HasIndex(s => new { s.TenantId, s.Day }).IncludeProperties(s => new { s.ProductId, s.WarehouseId, s.Units });
    }
}
