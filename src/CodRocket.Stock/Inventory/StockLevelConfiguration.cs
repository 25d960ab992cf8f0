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
        builder.HasIndex(s => new { s.TenantId, s.WarehouseId });
        builder.Ignore(s => s.Available);
    }
}
