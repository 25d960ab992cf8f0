using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Tenancy;

internal sealed class StoreUserConfiguration : IEntityTypeConfiguration<StoreUser>
{
    public void Configure(EntityTypeBuilder<StoreUser> builder)
    {
        builder.ToTable("users");
        // Identity looks users up by id alone; store-owned rows reference them through (tenant_id, id).
        builder.HasAlternateKey(u => new { u.TenantId, u.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(u => u.FullName).HasMaxLength(StoreUser.FullNameMaxLength);
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.PhoneNumber).HasMaxLength(20);
        builder.Property(u => u.Language).HasMaxLength(8);
    }
}
