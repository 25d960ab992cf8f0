using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings.Team;

[EnableRateLimiting(AccountRateLimiting.Invite)]
public sealed class InviteModel(
    StockDbContext db,
    UserManager<StoreUser> users,
    ITenantContext tenant,
    INotificationDispatcher dispatcher,
    TimeProvider clock,
    ActivityLog activity,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public MemberInput Input { get; set; } = new();

    public async Task OnGetAsync() => Input.WarehouseChoices = await TeamForm.WarehouseChoicesAsync(db, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        Input.WarehouseChoices = await TeamForm.WarehouseChoicesAsync(db, ct);
        if (Input.Role == StoreRole.Owner)
        {
            ModelState.AddModelError("Input.Role", localizer["A store has one owner."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var now = clock.GetUtcNow();
        var member = new StoreUser(tenant.RequireTenant(), Input.Email, Input.FullName, Input.Role, now);
        member.UpdateMember(Input.FullName, Input.PhoneE164, Input.Role, Input.EmailAlerts, Input.SmsAlerts, Input.WhatsAppAlerts, Input.MorningSummary);
        member.ChooseLanguage(Input.Language);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // No password: the member chooses one from the invitation e-mail.
        var created = await users.TryCreateAsync(member, password: null);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError("Input.Email", error.Code is "DuplicateEmail" or "DuplicateUserName"
                    ? localizer["This email already has an account on CodRocket Stock."]
                    : error.Description);
            }
            return Page();
        }
        await TeamForm.SetWarehousesAsync(db, member.Id, Input.Warehouses, ct);
        db.Notifications.Add(new Notification(NotificationKind.Invitation, NotificationChannel.Email, member.Id, member.Email!, now));
        activity.Record(ActivityKind.MemberInvited, $"{member.FullName} ({member.Email})", member.Role.ToString());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        dispatcher.Dispatch(tenant.RequireTenant());

        TempData["Status"] = localizer["Invitation sent to {0}.", member.Email!].Value;
        return RedirectToPage("/Settings/Team/Index");
    }
}
