using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Catalog.Csv;

internal sealed class ProductImportFileConfiguration : IEntityTypeConfiguration<ProductImportFile>
{
    public void Configure(EntityTypeBuilder<ProductImportFile> builder)
    {
        builder.ToTable("product_import_files");
        builder.HasKey(f => new { f.TenantId, f.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(f => new { f.TenantId, f.UploadedBy })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.FileName).HasMaxLength(ProductImportFile.FileNameMaxLength);
    }
}
