using Microsoft.AspNetCore.Identity;

namespace CodRocket.Stock.Tenancy;

/// <summary>
/// A person who signs in. Belongs to exactly one store; the e-mail (user name) is unique across the platform
/// so sign-in needs no store picker.
/// </summary>
public sealed class StoreUser : IdentityUser<Guid>, ITenantOwned
{
    private StoreUser() { }

    public StoreUser(Guid tenantId, string email, string fullName, StoreRole role, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        Email = email.Trim();
        UserName = Email;
        FullName = fullName.Trim();
        Role = role;
        CreatedAt = createdAt;
        EmailStockAlerts = role == StoreRole.Owner;
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public Guid TenantId { get; private set; }
    public string FullName { get; private set; } = "";
    public StoreRole Role { get; private set; }
    public bool EmailStockAlerts { get; private set; }
    public bool SmsStockAlerts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
