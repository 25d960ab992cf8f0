using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Account;

/// <summary>
/// A new owner confirms their e-mail address from the link sent at sign-up; until then no alert e-mail goes to it.
/// Opening the link only shows a button: mail scanners that open links must not confirm an address for its owner.
/// The dashboard's "resend" posts here too.
/// </summary>
public sealed class ConfirmEmailModel(
    IServiceScopeFactory scopes,
    StockDbContext db,
    INotificationDispatcher dispatcher,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>Null: not tried yet (the button); true: confirmed; false: the link is not valid.</summary>
    public bool? Confirmed { get; private set; }

    public void OnGet()
    {
        if (UserId is null || string.IsNullOrEmpty(Token))
        {
            Confirmed = false;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Confirmed = await ConfirmAsync();
        return Page();
    }

    /// <summary>Found across stores and confirmed in a scope of its own: the browser may be signed in to another store.</summary>
    private async Task<bool> ConfirmAsync()
    {
        if (UserId is not { } id || string.IsNullOrEmpty(Token))
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        StoreUser? user;
        using (services.GetRequiredService<ITenantContext>().CrossStore("an e-mail confirmation link finds its store"))
        {
            user = await services.GetRequiredService<StockDbContext>().Users.IgnoreQueryFilters([StockDbContext.TenantFilter])
                .SingleOrDefaultAsync(u => u.Id == id && u.RemovedAt == null, HttpContext.RequestAborted);
        }
        if (user is null)
        {
            return false;
        }
        services.GetRequiredService<ITenantContext>().Set(user.TenantId, null);
        return (await services.GetRequiredService<UserManager<StoreUser>>().ConfirmEmailAsync(user, Token)).Succeeded;
    }

    /// <summary>Sends the link again (at most once a minute).</summary>
    public async Task<IActionResult> OnPostResendAsync()
    {
        if (!StoreClaims.TryRead(User, out var storeId, out var userId))
        {
            return RedirectToPage("/Account/SignIn");
        }
        var ct = HttpContext.RequestAborted;
        var me = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (me.EmailConfirmed)
        {
            return RedirectToPage("/Index");
        }
        var now = clock.GetUtcNow();
        var sentLately = await db.Notifications.AnyAsync(
            n => n.UserId == me.Id && n.Kind == NotificationKind.Confirmation && n.CreatedAt > now.AddMinutes(-1), ct);
        if (sentLately)
        {
            TempData["Status"] = localizer["A link was sent to {0} less than a minute ago: look in that inbox (and its spam folder).", me.Email!].Value;
            return RedirectToPage("/Index");
        }
        db.Notifications.Add(new Notification(NotificationKind.Confirmation, NotificationChannel.Email, me.Id, me.Email!, now));
        await db.SaveChangesAsync(ct);
        dispatcher.Dispatch(storeId);
        TempData["Status"] = localizer["We sent a new confirmation link to {0}.", me.Email!].Value;
        return RedirectToPage("/Index");
    }
}
