using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Tenancy;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Tenant.NameMaxLength);
        builder.Property(t => t.DefaultOutOfStockPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.TimeZone).HasMaxLength(Tenant.TimeZoneMaxLength);
        builder.Property(t => t.Country).HasMaxLength(Countries.CodeLength).IsFixedLength();
        builder.Property(t => t.Language).HasMaxLength(8);
        builder.Property(t => t.Currency).HasMaxLength(Currencies.CodeLength).IsFixedLength().HasDefaultValue(Currencies.Default);
    }
}
