using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Webhooks;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
        builder.Property(e => e.Secret).HasMaxLength(100);
        builder.Property(e => e.PreviousSecret).HasMaxLength(100);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => new { d.TenantId, d.Id });
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => new { d.TenantId, d.EndpointId }).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.MessageId).HasMaxLength(40);
        builder.Property(d => d.EventType).HasMaxLength(32);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        // The endpoint's delivery log, newest first.
        builder.HasIndex(d => new { d.TenantId, d.EndpointId, d.CreatedAt });
        // What the delivery job claims and the sweep looks for: rows not yet done.
        builder.HasIndex(d => new { d.TenantId, d.NextAttemptAt })
            .HasFilter("status IN ('Pending', 'Sending')")
            .HasDatabaseName("ix_webhook_deliveries_undelivered");
    }
}
