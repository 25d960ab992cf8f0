using CodRocket.Stock.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Inventory;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.ToTable("stock_levels");
        builder.HasKey(s => new { s.TenantId, s.ProductId, s.WarehouseId });
        builder.HasOne<Product>().WithMany().HasForeignKey(s => new { s.TenantId, s.ProductId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(s => new { s.TenantId, s.WarehouseId }).OnDelete(DeleteBehavior.Restrict);
        // Warehouse totals; it ends with product_id so that a lookup of one row is a full match on either index.
        builder.HasIndex(s => new { s.TenantId, s.WarehouseId, s.ProductId });
        builder.Ignore(s => s.Available);
        // The dashboard counts oversold products (warning-only orders took more than was there): a tiny index.
        builder.HasIndex(s => s.TenantId).HasFilter("on_hand - reserved < 0").HasDatabaseName("ix_stock_levels_oversold");
    }
}
