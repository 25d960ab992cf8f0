using System.Security.Claims;
using CodRocket.Stock.Api;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings.Team;

public sealed class EditModel(
    StockDbContext db,
    ITenantContext tenant,
    INotificationDispatcher dispatcher,
    TimeProvider clock,
    SignInManager<StoreUser> signIn,
    ActivityLog activity,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public MemberInput Input { get; set; } = new();

    public StoreUser Member { get; private set; } = null!;

    public bool IsSelf => Member.Id == tenant.UserId;

    private StoreRole MyRole => StoreRoles.Parse(User.FindFirstValue(ClaimTypes.Role));

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await FindAsync(id) is not { } member)
        {
            return NotFound();
        }
        if (member.Role.IsAbove(MyRole))
        {
            // A Manager cannot change the Owner's phone, alerts, language or anything else.
            return Forbid();
        }
        Member = member;
        Input = new MemberInput
        {
            FullName = member.FullName,
            Email = member.Email ?? "",
            Phone = member.PhoneNumber,
            Role = member.Role,
            EmailAlerts = member.EmailStockAlerts,
            SmsAlerts = member.SmsStockAlerts,
            WhatsAppAlerts = member.WhatsAppStockAlerts,
            MorningSummary = member.MorningSummary,
            Language = member.Language,
            Warehouses = await db.UserWarehouses.Where(x => x.UserId == id).Select(x => x.WarehouseId).ToListAsync(ct),
            WarehouseChoices = await TeamForm.WarehouseChoicesAsync(db, ct),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await FindAsync(id) is not { } member)
        {
            return NotFound();
        }
        if (member.Role.IsAbove(MyRole))
        {
            // A Manager cannot change the Owner's phone, alerts, language or anything else.
            return Forbid();
        }
        Member = member;
        Input.Email = member.Email ?? "";
        Input.WarehouseChoices = await TeamForm.WarehouseChoicesAsync(db, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var before = (member.FullName, member.PhoneNumber, member.Role, member.Language, member.EmailStockAlerts, member.SmsStockAlerts,
            member.WhatsAppStockAlerts, member.MorningSummary);
        var warehousesBefore = await db.UserWarehouses.Where(x => x.UserId == id).Select(x => x.WarehouseId).ToListAsync(ct);
        member.UpdateMember(Input.FullName, Input.PhoneE164, Input.Role, Input.EmailAlerts, Input.SmsAlerts, Input.WhatsAppAlerts, Input.MorningSummary);
        member.ChooseLanguage(Input.Language);
        await TeamForm.SetWarehousesAsync(db, id, Input.Warehouses, ct);
        var warehousesAfter = db.ChangeTracker.Entries<UserWarehouse>()
            .Where(e => e.Entity.UserId == id && e.State != EntityState.Deleted).Select(e => e.Entity.WarehouseId);
        RecordChanges(member, before, !warehousesAfter.ToHashSet().SetEquals(warehousesBefore));
        await db.SaveChangesAsync(ct);
        if (IsSelf)
        {
            // Their language is on their sign-in cookie.
            await signIn.RefreshSignInAsync(member);
        }
        TempData["Status"] = localizer["{0} saved.", member.FullName].Value;
        if (Input.Role == StoreRole.Staff)
        {
            await RevokeKeysAsync(member, ct);
        }
        return RedirectToPage("/Settings/Team/Index");
    }

    /// <summary>Settings → Activity: a role change on a line of its own (it changes what the member may do), the rest by field.</summary>
    private void RecordChanges(StoreUser member,
        (string FullName, string? Phone, StoreRole Role, string? Language, bool Email, bool Sms, bool WhatsApp, bool Summary) before, bool warehouses)
    {
        var who = $"{member.FullName} ({member.Email})";
        if (before.Role != member.Role)
        {
            activity.Record(ActivityKind.MemberRoleChanged, who, member.Role.ToString());
        }
        var fields = new List<string>();
        void Changed(bool changed, string field)
        {
            if (changed)
            {
                fields.Add(field);
            }
        }
        Changed(before.FullName != member.FullName, "Name");
        Changed(before.Phone != member.PhoneNumber, "Mobile phone");
        Changed(before.Language != member.Language, "Language");
        Changed(before.Email != member.EmailStockAlerts, "Email me stock alerts");
        Changed(before.Sms != member.SmsStockAlerts, "SMS me stock alerts");
        Changed(before.WhatsApp != member.WhatsAppStockAlerts, "WhatsApp me stock alerts");
        Changed(before.Summary != member.MorningSummary, "Email me the morning summary");
        Changed(warehouses, "Warehouses");
        if (fields.Count > 0)
        {
            activity.Record(ActivityKind.MemberChanged, who, ActivityLog.Fields(fields));
        }
    }

    /// <summary>
    /// Keys outlive nobody: a member who leaves, or drops below Manager, takes their API keys with them (the page says
    /// so). When someone other than the owner did it, the owner is told by e-mail (with the revocation, in one
    /// transaction): their integrations may have just stopped.
    /// </summary>
    private async Task RevokeKeysAsync(StoreUser member, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var revoked = await ApiKey.RevokeCreatedByAsync(db, member.Id, tenant.UserId, now, ct);
        if (revoked == 0)
        {
            return;
        }
        activity.Record(ActivityKind.MemberKeysRevoked, $"{member.FullName} ({member.Email})", revoked.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        var told = false;
        if (MyRole != StoreRole.Owner
            && await db.Users.Where(u => u.Role == StoreRole.Owner && u.EmailConfirmed).Select(u => new { u.Id, u.Email }).FirstOrDefaultAsync(ct) is { } owner)
        {
            db.Notifications.Add(Notification.KeysRevoked(owner.Id, owner.Email!, member.Id, now));
            await db.SaveChangesAsync(ct);
            told = true;
        }
        await transaction.CommitAsync(ct);
        if (told)
        {
            dispatcher.Dispatch(tenant.RequireTenant());
        }
        TempData["Status"] += " " + localizer["{0} API key(s) {1} created were revoked: integrations using them stop working. Create new keys for them if needed.",
            revoked, member.FullName].Value + (told ? " " + localizer["The owner has been told by e-mail."].Value : "");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        if (await FindAsync(id) is not { } member)
        {
            return NotFound();
        }
        if (member.Role.IsAbove(MyRole))
        {
            // A Manager cannot change the Owner's phone, alerts, language or anything else.
            return Forbid();
        }
        if (member.Role == StoreRole.Owner || member.Id == tenant.UserId)
        {
            TempData["Error"] = localizer["The owner, and you yourself, cannot be removed from the team."].Value;
            return RedirectToPage("/Settings/Team/Edit", new { id });
        }
        if (this.Unconfirmed(localizer["Remove {0} from the team?", member.FullName],
                localizer["They can no longer sign in and receive no alerts. Their name stays on the stock movements they made."],
                localizer["Remove {0}", member.FullName], Url.Page("/Settings/Team/Edit", new { id })!) is { } ask)
        {
            return ask;
        }
        var name = member.FullName;
        activity.Record(ActivityKind.MemberRemoved, $"{member.FullName} ({member.Email})");
        member.Remove(clock.GetUtcNow());
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData["Status"] = localizer["{0} was removed from the team. Their past actions stay in the history.", name].Value;
        await RevokeKeysAsync(member, HttpContext.RequestAborted);
        return RedirectToPage("/Settings/Team/Index");
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        if (await FindAsync(id) is not { } member)
        {
            return NotFound();
        }
        if (member.Role.IsAbove(MyRole))
        {
            // A Manager cannot change the Owner's phone, alerts, language or anything else.
            return Forbid();
        }
        if (member.JoinedAt is null)
        {
            db.Notifications.Add(new Notification(NotificationKind.Invitation, NotificationChannel.Email, member.Id, member.Email!, clock.GetUtcNow()));
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            dispatcher.Dispatch(tenant.RequireTenant());
            TempData["Status"] = localizer["Invitation sent again to {0}.", member.Email!].Value;
        }
        return RedirectToPage("/Settings/Team/Index");
    }

    private Task<StoreUser?> FindAsync(Guid id) =>
        db.Users.SingleOrDefaultAsync(u => u.Id == id && u.RemovedAt == null, HttpContext.RequestAborted);
}
