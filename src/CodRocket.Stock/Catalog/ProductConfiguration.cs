using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Catalog;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    /// <summary>
    /// SKUs compare ignoring case (and canonically equivalent Unicode forms): <c>hen-001</c> and <c>HEN-001</c> are one
    /// SKU for the unique index and for every lookup — pages, API, CSV, orders — while the SKU is stored as typed.
    /// PostgreSQL 15 refuses LIKE on such a column: searches apply <c>COLLATE "default"</c> (<see cref="ProductFilter"/>).
    /// </summary>
    public const string SkuCollation = "sku_case_insensitive";

    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasKey(p => new { p.TenantId, p.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.TenantId, p.Sku }).IsUnique();
        builder.HasIndex(p => new { p.TenantId, p.Name });
        // The dashboard counts a store's active products on every visit: an index-only count.
        builder.HasIndex(p => p.TenantId).HasFilter("NOT is_archived").HasDatabaseName("ix_products_active");
        builder.Property(p => p.Sku).HasMaxLength(StockLimits.SkuMaxLength).UseCollation(SkuCollation);
        builder.Property(p => p.Name).HasMaxLength(StockLimits.NameMaxLength);
        builder.Property(p => p.OutOfStockPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.SeasonalFactor).HasPrecision(6, 3).HasDefaultValue(1m);
        builder.Property(p => p.Price).HasPrecision(Prices.Precision, Prices.Decimals);
    }
}
