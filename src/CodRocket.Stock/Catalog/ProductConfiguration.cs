using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Catalog;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasKey(p => new { p.TenantId, p.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.TenantId, p.Sku }).IsUnique();
        builder.HasIndex(p => new { p.TenantId, p.Name });
        // The dashboard counts a store's active products on every visit: an index-only count.
        builder.HasIndex(p => p.TenantId).HasFilter("NOT is_archived").HasDatabaseName("ix_products_active");
        builder.Property(p => p.Sku).HasMaxLength(StockLimits.SkuMaxLength);
        builder.Property(p => p.Name).HasMaxLength(StockLimits.NameMaxLength);
        builder.Property(p => p.OutOfStockPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.SeasonalFactor).HasPrecision(6, 3).HasDefaultValue(1m);
    }
}
